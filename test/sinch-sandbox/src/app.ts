/**
 * The sandbox's HTTP surface: Sinch's paths under one port, plus the control API under `/_control`.
 * @module
 */
import type { HttpBindings } from '@hono/node-server';
import { type Context, Hono } from 'hono';
import { SANDBOX_CONVERSATION_REGIONS, type SandboxCore, webhookDto } from './core.js';
import { type ErrorAnswer, papi, rpc, SandboxHttpError } from './errors.js';
import { redactJson } from './redact.js';
import type { TokenIssuer } from './tokens.js';
import type { FaultSpec } from './types.js';

type Env = { Bindings: Partial<HttpBindings> };
type Ctx = Context<Env>;
/** Which error shape an operation answers with. */
type Api = 'auth' | 'sub' | 'prov' | 'conv';

/** What a handler returns: status and JSON body (or no body). */
interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

interface Call {
  c: Ctx;
  body: unknown;
  rawBody: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Builds the Hono app over `core`. */
export function buildApp(core: SandboxCore, tokens: TokenIssuer, control: Hono<Env>): Hono<Env> {
  const app = new Hono<Env>();

  function unauthorized(api: Api, message: string, wwwAuthenticate: string): ErrorAnswer {
    const answer =
      api === 'prov'
        ? papi(401, 'unauthorized_error', message, 'Verify that the credentials are correct.')
        : rpc(401, 'UNAUTHENTICATED', message);
    return { ...answer, headers: { 'www-authenticate': wwwAuthenticate } };
  }

  async function authenticate(api: Api, header: string | undefined): Promise<ErrorAnswer | undefined> {
    if (header?.startsWith('Basic ')) {
      const [keyId = '', keySecret = ''] = Buffer.from(header.slice(6), 'base64')
        .toString('utf8')
        .split(/:(.*)/s);
      if (core.acceptsKey(keyId, keySecret)) return undefined;
      return unauthorized(api, 'Request had invalid credentials.', 'Basic realm="Realm"');
    }
    if (header?.startsWith('Bearer ')) {
      const check = await tokens.check(header.slice(7).trim());
      if (check.ok) return undefined;
      return unauthorized(
        api,
        check.expired ? 'Access token expired.' : 'Request had invalid authentication credentials.',
        check.expired
          ? 'Bearer realm="sinch", error="invalid_token", error_description="expired"'
          : 'Bearer realm="sinch", error="invalid_token"',
      );
    }
    return unauthorized(api, 'Request is missing required authentication credential.', 'Basic realm="Realm"');
  }

  function invalidJson(api: Api): ErrorAnswer {
    if (api === 'prov')
      return papi(400, 'invalid_payload', 'Invalid payload.', 'Correct payload and submit again.');
    return rpc(
      400,
      api === 'conv' ? 'INVALID_ARGUMENT' : 'INVALID_ARGUMENT',
      'Invalid JSON payload received.',
    );
  }

  function respond(answer: Answer): Response {
    const headers = new Headers(answer.headers);
    if (answer.body === undefined) return new Response(null, { status: answer.status, headers });
    headers.set('content-type', 'application/json');
    return new Response(JSON.stringify(answer.body), { status: answer.status, headers });
  }

  /** Destroys the client's connection, as a crashed proxy would. */
  function resetConnection(c: Ctx): Response {
    const socket = c.env?.incoming?.socket;
    if (socket) socket.destroy();
    else throw new Error('connection reset');
    return new Response(null, { status: 500 });
  }

  /**
   * Wraps a handler with what every Sinch call gets here: body parsing, the request log, latency, faults and
   * authentication, in that order.
   */
  function operation(name: string, api: Api, handler: (call: Call) => Answer | Promise<Answer>) {
    return async (c: Ctx): Promise<Response> => {
      const rawBody = c.req.method === 'GET' || c.req.method === 'DELETE' ? '' : await c.req.text();
      const contentType = c.req.header('content-type');
      const notes: string[] = [];
      const url = new URL(c.req.url);
      const header = c.req.header('authorization');
      let logBody: unknown = rawBody === '' ? undefined : rawBody;
      let body: unknown;
      let answer: Answer | undefined;
      let reset = false;
      if (rawBody !== '' && api !== 'auth') {
        try {
          body = JSON.parse(rawBody);
          logBody = redactJson(body);
        } catch {
          answer = invalidJson(api);
        }
      } else if (api === 'auth') {
        logBody = rawBody.replace(/(client_secret=)[^&]*/g, '$1[REDACTED]');
      }
      const latency = core.latency.get(name) ?? core.latency.get('*') ?? 0;
      if (latency > 0) {
        notes.push(`latency:${latency}`);
        await sleep(latency);
      }
      const fault = core.takeFault(name);
      if (fault) notes.push(`fault:${describe(fault)}`);
      const apply = async (): Promise<Answer | 'reset' | undefined> => {
        if (!fault) return undefined;
        if (fault.delayMs) await sleep(fault.delayMs);
        if (fault.reset) return 'reset';
        if (fault.malformed)
          return { status: 200, body: undefined, headers: { 'content-type': 'application/json' } };
        if (fault.status !== undefined) {
          return {
            status: fault.status,
            body: fault.body,
            ...(fault.headers ? { headers: fault.headers } : {}),
          };
        }
        return undefined;
      };
      if (fault && !fault.commit) {
        const faulted = await apply();
        if (faulted === 'reset') reset = true;
        else if (faulted) answer = faulted;
      }
      if (!answer && !reset) {
        const denied = api === 'auth' ? undefined : await authenticate(api, header);
        if (denied) answer = denied;
      }
      if (!answer && !reset) {
        try {
          answer = await handler({ c, body, rawBody });
        } catch (error) {
          if (!(error instanceof SandboxHttpError)) throw error;
          answer = error.answer;
        }
        if (fault?.commit) {
          const faulted = await apply();
          if (faulted === 'reset') reset = true;
          else if (faulted) answer = faulted;
        }
      }
      const malformed = fault?.malformed === true && !reset;
      core.logRequest({
        seq: core.nextSeq(),
        at: new Date().toISOString(),
        operation: name,
        method: c.req.method,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        authScheme: header?.split(' ')[0] ?? 'none',
        contentType,
        body: logBody,
        status: reset ? 0 : (answer?.status ?? 500),
        responseBody: malformed ? '{"malformed":' : redactJson(answer?.body),
        notes,
      });
      if (reset) return resetConnection(c);
      if (malformed) {
        return new Response('{"malformed": tru', {
          status: 200,
          headers: { 'content-type': 'application/json' },
        });
      }
      return respond(answer ?? { status: 500 });
    };
  }

  // ---- OAuth2 ----
  app.post(
    '/oauth2/token',
    operation('oauth.token', 'auth', async ({ c, rawBody }) => {
      const header = c.req.header('authorization') ?? '';
      const [keyId = '', keySecret = ''] = header.startsWith('Basic ')
        ? Buffer.from(header.slice(6), 'base64').toString('utf8').split(/:(.*)/s)
        : [];
      if (!core.acceptsKey(keyId, keySecret)) {
        return {
          status: 401,
          body: { error: 'invalid_client', error_description: 'Client authentication failed.' },
          headers: { 'www-authenticate': 'Basic realm="Realm"' },
        };
      }
      if (!core.takeTokenRequest()) {
        return {
          status: 429,
          body: { error: 'too_many_requests', error_description: 'Rate limit exceeded.' },
        };
      }
      const form = new URLSearchParams(rawBody);
      if (!(c.req.header('content-type') ?? '').includes('application/x-www-form-urlencoded')) {
        return {
          status: 400,
          body: { error: 'invalid_request', error_description: 'Expected a form body.' },
        };
      }
      if (form.get('grant_type') !== 'client_credentials') {
        return {
          status: 400,
          body: { error: 'unsupported_grant_type', error_description: 'Use client_credentials.' },
        };
      }
      const accessToken = await tokens.issue(keyId, core.tokenLifetimeSeconds);
      return {
        status: 200,
        body: {
          access_token: accessToken,
          token_type: 'bearer',
          expires_in: core.tokenLifetimeSeconds,
          scope: '',
        },
      };
    }),
  );

  // ---- Subprojects (both versions) ----
  for (const version of ['v1', 'v1alpha1']) {
    const base = `/sub/${version}`;
    app.post(
      `${base}/projects/:parent/subprojects`,
      operation('subprojects.create', 'sub', ({ c, body }) => ({
        status: 200,
        body: core.createSubproject(c.req.param('parent') as string, body),
      })),
    );
    app.get(
      `${base}/projects/:parent/subprojects`,
      operation('subprojects.list', 'sub', ({ c }) => ({
        status: 200,
        body: core.listSubprojects(c.req.param('parent') as string, c.req.query()),
      })),
    );
    app.get(
      `${base}/subprojects/:id`,
      operation('subprojects.get', 'sub', ({ c }) => ({
        status: 200,
        body: core.getSubproject(c.req.param('id') as string),
      })),
    );
    app.delete(
      `${base}/subprojects/:id`,
      operation('subprojects.delete', 'sub', ({ c }) => {
        core.deleteSubproject(c.req.param('id') as string);
        return { status: 200, body: {} };
      }),
    );
  }

  // ---- Provisioning ----
  const prov = '/prov/v1/projects/:projectId';
  const pid = (c: Ctx) => c.req.param('projectId') as string;
  app.post(
    `${prov}/whatsapp/senders`,
    operation('senders.create', 'prov', ({ c, body }) => ({
      status: 201,
      body: core.createSender(pid(c), body).dto,
    })),
  );
  app.get(
    `${prov}/whatsapp/senders`,
    operation('senders.list', 'prov', ({ c }) => ({
      status: 200,
      body: core.listSenders(pid(c), c.req.query()),
    })),
  );
  app.get(
    `${prov}/whatsapp/senders/:senderId`,
    operation('senders.get', 'prov', ({ c }) => ({
      status: 200,
      body: core.getSender(pid(c), c.req.param('senderId') as string).dto,
    })),
  );
  app.delete(
    `${prov}/whatsapp/senders/:senderId`,
    operation('senders.delete', 'prov', ({ c }) => {
      core.deleteSender(pid(c), c.req.param('senderId') as string);
      return { status: 204 };
    }),
  );
  app.post(
    `${prov}/whatsapp/templates`,
    operation('templates.create', 'prov', ({ c, body }) => ({
      status: 201,
      body: core.createTemplate(pid(c), body).dto,
    })),
  );
  app.get(
    `${prov}/whatsapp/templates`,
    operation('templates.list', 'prov', ({ c }) => ({
      status: 200,
      body: core.listTemplates(pid(c), c.req.query()),
    })),
  );
  app.post(
    `${prov}/webhooks`,
    operation('webhooks.create', 'prov', ({ c, body }) => ({
      status: 201,
      body: webhookDto(core.createWebhook(pid(c), body)),
    })),
  );
  app.get(
    `${prov}/webhooks`,
    operation('webhooks.list', 'prov', ({ c }) => ({ status: 200, body: core.listWebhooks(pid(c)) })),
  );

  // ---- Conversation (region-scoped) ----
  const conv = '/conv/:region/v1/projects/:projectId';
  const region = (c: Ctx): string => {
    const value = c.req.param('region') as string;
    if (!SANDBOX_CONVERSATION_REGIONS.includes(value)) {
      throw new SandboxHttpError(rpc(404, 'NOT_FOUND', `Unknown region ${value}.`));
    }
    return value;
  };
  app.post(
    `${conv}/apps`,
    operation('apps.create', 'conv', ({ c, body }) => ({
      status: 200,
      body: core.createApp(region(c), pid(c), body).dto,
    })),
  );
  app.get(
    `${conv}/apps`,
    operation('apps.list', 'conv', ({ c }) => ({
      status: 200,
      body: { apps: core.listApps(region(c), pid(c)).map((item) => item.dto) },
    })),
  );
  app.get(
    `${conv}/apps/:appId`,
    operation('apps.get', 'conv', ({ c }) => ({
      status: 200,
      body: core.getApp(region(c), pid(c), c.req.param('appId') as string).dto,
    })),
  );
  app.delete(
    `${conv}/apps/:appId`,
    operation('apps.delete', 'conv', ({ c }) => {
      core.deleteApp(region(c), pid(c), c.req.param('appId') as string);
      return { status: 200, body: {} };
    }),
  );
  app.post(
    `${conv}/webhooks`,
    operation('conversationWebhooks.create', 'conv', ({ c, body }) => ({
      status: 200,
      body: core.createConversationWebhook(region(c), pid(c), body).dto,
    })),
  );

  app.route('/_control', control);

  app.notFound((c) => {
    const path = new URL(c.req.url).pathname;
    const answer = path.startsWith('/prov/')
      ? papi(404, 'not_found', 'Not found.', 'Check the path.')
      : rpc(404, 'NOT_FOUND', `No route for ${c.req.method} ${path}.`);
    return c.json(answer.body as object, 404);
  });
  app.onError((error, c) => {
    const path = new URL(c.req.url).pathname;
    if (error instanceof SandboxHttpError) return respond(error.answer);
    const answer = path.startsWith('/prov/')
      ? papi(500, 'internal_error', 'Internal server error.', 'Please wait and try again.')
      : rpc(500, 'INTERNAL_ERROR', 'Internal error.');
    return c.json(answer.body as object, 500);
  });
  return app;
}

function describe(fault: FaultSpec): string {
  const kind = fault.reset
    ? 'reset'
    : fault.malformed
      ? 'malformed'
      : fault.status !== undefined
        ? String(fault.status)
        : 'delay';
  return `${kind}${fault.delayMs ? `+${fault.delayMs}ms` : ''}${fault.commit ? '+commit' : ''}`;
}
