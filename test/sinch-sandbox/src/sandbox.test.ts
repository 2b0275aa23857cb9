import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningSinchSandbox, startSinchSandbox, verifyCallbackSignature } from './index.js';

let sandbox: RunningSinchSandbox | undefined;
let receiver: Server | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
  await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
  receiver = undefined;
});

const BASIC = `Basic ${Buffer.from('key:secret').toString('base64')}`;

async function call(method: string, path: string, body?: unknown, authorization = BASIC) {
  const response = await fetch(`${sandbox?.url}${path}`, {
    method,
    headers: { authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : undefined };
}

interface Received {
  headers: Record<string, string | string[] | undefined>;
  rawBody: string;
}

async function startReceiver(): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  receiver = createServer((req, res) => {
    let rawBody = '';
    req.on('data', (chunk) => {
      rawBody += chunk;
    });
    req.on('end', () => {
      received.push({ headers: req.headers, rawBody });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => receiver?.listen(0, '127.0.0.1', resolve));
  const address = receiver.address();
  return {
    url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/cb`,
    received,
  };
}

async function subproject(labels: Record<string, string> = { customer: 'c1' }) {
  const answer = await call('POST', '/sub/v1/projects/parent/subprojects', { displayName: 'Acme', labels });
  expect(answer.status).toBe(200);
  return answer.json.subprojectId as string;
}

const senderBody = { region: 'EU', metaLocalStorage: 'DE', wabaId: '111', phoneNumberId: '222' };

describe('auth', () => {
  it('issues JWTs with exp and accepts only its own, unexpired', async () => {
    sandbox = await startSinchSandbox({ tokenLifetimeSeconds: 120 });
    const response = await fetch(`${sandbox.url}/oauth2/token`, {
      method: 'POST',
      headers: { authorization: BASIC, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    const token = (await response.json()) as { access_token: string; token_type: string; expires_in: number };
    expect(token.token_type.toLowerCase()).toBe('bearer');
    expect(token.expires_in).toBe(120);
    const claims = JSON.parse(
      Buffer.from(token.access_token.split('.')[1] as string, 'base64url').toString(),
    );
    expect(claims.exp - claims.iat).toBeGreaterThanOrEqual(120);
    expect(claims.exp - claims.iat).toBeLessThanOrEqual(121);
    expect(
      (await call('GET', '/sub/v1/projects/p/subprojects', undefined, `Bearer ${token.access_token}`)).status,
    ).toBe(200);
    const forged = `${token.access_token.slice(0, -4)}AAAA`;
    const refused = await call('GET', '/sub/v1/projects/p/subprojects', undefined, `Bearer ${forged}`);
    expect(refused.status).toBe(401);
    expect(refused.json.error.status).toBe('UNAUTHENTICATED');
    sandbox.control.expireTokens();
    const expired = await call(
      'GET',
      '/prov/v1/projects/p/webhooks',
      undefined,
      `Bearer ${token.access_token}`,
    );
    expect(expired.status).toBe(401);
    expect(expired.headers.get('www-authenticate')).toBe(
      'Bearer realm="sinch", error="invalid_token", error_description="expired"',
    );
    expect(expired.json.errorCode).toBe('unauthorized_error');
  });

  it('checks the configured key and refuses other grants', async () => {
    sandbox = await startSinchSandbox({ keyId: 'key', keySecret: 'right' });
    expect((await call('GET', '/sub/v1/projects/p/subprojects')).status).toBe(401);
    const ok = await call(
      'GET',
      '/sub/v1/projects/p/subprojects',
      undefined,
      `Basic ${Buffer.from('key:right').toString('base64')}`,
    );
    expect(ok.status).toBe(200);
    const grant = await fetch(`${sandbox.url}/oauth2/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from('key:right').toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=password',
    });
    expect(grant.status).toBe(400);
  });
  it('optionally rate-limits the token endpoint like Sinch: bucket of 30, 429 without Retry-After', async () => {
    sandbox = await startSinchSandbox({ tokenRateLimit: true });
    const request = () =>
      fetch(`${sandbox?.url}/oauth2/token`, {
        method: 'POST',
        headers: { authorization: BASIC, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials',
      });
    const answers = await Promise.all(Array.from({ length: 40 }, request));
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 200).length).toBeGreaterThanOrEqual(30);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(5);
    expect(answers.find((answer) => answer.status === 429)?.headers.get('retry-after')).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await request()).status).toBe(200);
  });
});

describe('subprojects', () => {
  it('creates ULID subprojects, lists them by page on v1 and v1alpha1, gets and deletes', async () => {
    sandbox = await startSinchSandbox();
    const ids = [await subproject({ n: '1' }), await subproject({ n: '2' }), await subproject({ n: '3' })];
    for (const id of ids) expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    const page = await call('GET', '/sub/v1alpha1/projects/parent/subprojects?pageSize=2');
    expect(page.json.subprojects).toHaveLength(2);
    const next = await call(
      'GET',
      `/sub/v1/projects/parent/subprojects?pageSize=2&pageToken=${page.json.nextPageToken}`,
    );
    expect(next.json.subprojects).toHaveLength(1);
    expect(next.json.nextPageToken).toBe('');
    expect((await call('GET', `/sub/v1/subprojects/${ids[0]}`)).json.displayName).toBe('Acme');
    expect((await call('DELETE', `/sub/v1/subprojects/${ids[0]}`)).json).toEqual({});
    expect((await call('GET', '/sub/v1/projects/parent/subprojects')).json.subprojects).toHaveLength(2);
    expect(
      (await call('GET', '/sub/v1/projects/parent/subprojects?showDeleted=true')).json.subprojects,
    ).toHaveLength(3);
  });

  it('validates in the Google-RPC error shape', async () => {
    sandbox = await startSinchSandbox({ projectId: 'parent' });
    const missing = await call('POST', '/sub/v1/projects/parent/subprojects', { labels: {} });
    expect(missing.status).toBe(400);
    expect(missing.json).toMatchObject({ error: { code: 400, status: 'INVALID_ARGUMENT', details: [] } });
    const wrongParent = await call('POST', '/sub/v1/projects/other/subprojects', { displayName: 'x' });
    expect(wrongParent.json.error.status).toBe('FAILED_PRECONDITION');
    expect((await call('GET', '/sub/v1/subprojects/01ARZ3NDEKTSV4RRFFQ69G5FAV')).status).toBe(404);
  });
});

describe('sender lifecycle', () => {
  it('201 IN_PROGRESS without state, then ACTIVE with bearerToken and a signed callback', async () => {
    sandbox = await startSinchSandbox({ activationMs: 50 });
    const { url, received } = await startReceiver();
    const project = await subproject();
    const hook = await call('POST', `/prov/v1/projects/${project}/webhooks`, {
      target: url,
      secret: 'hook-secret',
      triggers: ['WHATSAPP_SENDER_ACTIVE'],
    });
    expect(hook.status).toBe(201);
    expect(hook.json).toEqual({
      id: expect.any(String),
      target: url,
      projectId: project,
      triggers: ['WHATSAPP_SENDER_ACTIVE'],
    });
    const created = await call('POST', `/prov/v1/projects/${project}/whatsapp/senders`, senderBody);
    expect(created.status).toBe(201);
    expect(created.json.changes).toEqual({ status: 'IN_PROGRESS' });
    expect(created.json.state).toBeUndefined();
    expect(created.json.bearerToken).toBeUndefined();
    expect(created.json.phoneNumberId).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 120));
    await sandbox.control.settleCallbacks();
    const active = await call('GET', `/prov/v1/projects/${project}/whatsapp/senders/${created.json.id}`);
    expect(active.json).toMatchObject({ state: 'ACTIVE', compatibleRegions: ['eu', 'us'] });
    expect(active.json.changes).toBeUndefined();
    expect(typeof active.json.bearerToken).toBe('string');
    expect(received).toHaveLength(1);
    const [callback] = received;
    const headers = callback?.headers ?? {};
    expect(headers['x-sinch-webhook-signature-algorithm']).toBe('HmacSHA256');
    expect(
      verifyCallbackSignature(
        'hook-secret',
        callback?.rawBody ?? '',
        String(headers['x-sinch-webhook-signature-nonce']),
        String(headers['x-sinch-webhook-signature-timestamp']),
        String(headers['x-sinch-webhook-signature']),
      ),
    ).toBe(true);
    const payload = JSON.parse(callback?.rawBody ?? '{}');
    expect(payload).toMatchObject({
      type: 'WHATSAPP_SENDER_ACTIVE',
      payload: { id: created.json.id, state: 'ACTIVE' },
    });
    expect(sandbox.control.callbacks()[0]).toMatchObject({ delivered: true, type: 'WHATSAPP_SENDER_ACTIVE' });
  });

  it('forced ERROR and planned REJECTED send their callbacks', async () => {
    sandbox = await startSinchSandbox({ activationMs: 30 });
    const { url, received } = await startReceiver();
    const project = await subproject();
    await call('POST', `/prov/v1/projects/${project}/webhooks`, {
      target: url,
      secret: 's3cret',
      triggers: ['ALL'],
    });
    const first = await call('POST', `/prov/v1/projects/${project}/whatsapp/senders`, senderBody);
    sandbox.control.setSenderState(first.json.id, 'ERROR');
    sandbox.control.planSenderOutcome({ outcome: 'REJECTED', phoneNumberId: '333' });
    const second = await call('POST', `/prov/v1/projects/${project}/whatsapp/senders`, {
      ...senderBody,
      phoneNumberId: '333',
    });
    await new Promise((resolve) => setTimeout(resolve, 80));
    await sandbox.control.settleCallbacks();
    const types = received.map((item) => JSON.parse(item.rawBody).type);
    expect(types).toEqual(['WHATSAPP_SENDER_ERROR', 'WHATSAPP_SENDER_REJECTED']);
    const errored = await call('GET', `/prov/v1/projects/${project}/whatsapp/senders/${first.json.id}`);
    expect(errored.json.changes).toMatchObject({ status: 'ERROR', errorReason: expect.any(String) });
    expect(errored.json.state).toBeUndefined();
    const rejected = await call('GET', `/prov/v1/projects/${project}/whatsapp/senders/${second.json.id}`);
    expect(rejected.json.changes.status).toBe('REJECTED');
  });

  it('retries a callback the receiver refused', async () => {
    sandbox = await startSinchSandbox({ activationMs: 10 });
    let calls = 0;
    receiver = createServer((req, res) => {
      req.resume();
      calls += 1;
      res.writeHead(calls === 1 ? 503 : 200).end();
    });
    await new Promise<void>((resolve) => receiver?.listen(0, '127.0.0.1', resolve));
    const address = receiver.address();
    const target = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/cb`;
    const project = await subproject();
    await call('POST', `/prov/v1/projects/${project}/webhooks`, { target, secret: 's', triggers: ['ALL'] });
    await call('POST', `/prov/v1/projects/${project}/whatsapp/senders`, senderBody);
    await new Promise((resolve) => setTimeout(resolve, 40));
    await sandbox.control.settleCallbacks();
    expect(sandbox.control.callbacks()[0]).toMatchObject({ attempts: 2, status: 200, delivered: true });
  });

  it('answers the 409s as Sinch does', async () => {
    sandbox = await startSinchSandbox();
    const one = await subproject({ c: '1' });
    const two = await subproject({ c: '2' });
    expect((await call('POST', `/prov/v1/projects/${one}/whatsapp/senders`, senderBody)).status).toBe(201);
    const used = await call('POST', `/prov/v1/projects/${two}/whatsapp/senders`, {
      ...senderBody,
      phoneNumberId: '999',
    });
    expect(used.json).toMatchObject({
      errorCode: 'waba_id_used',
      message: expect.any(String),
      resolution: expect.any(String),
    });
    const wrong = await call('POST', `/prov/v1/projects/${one}/whatsapp/senders`, {
      ...senderBody,
      wabaId: '112',
      phoneNumberId: '998',
    });
    expect(wrong.json.errorCode).toBe('wrong_waba_id');
    const phone = await call('POST', `/prov/v1/projects/${one}/whatsapp/senders`, senderBody);
    expect([phone.status, phone.json.errorCode]).toEqual([409, 'used_phone_number_id']);
    const invalid = await call('POST', `/prov/v1/projects/${one}/whatsapp/senders`, {
      ...senderBody,
      metaLocalStorage: 'FR',
    });
    expect(invalid.status).toBe(400);
    expect(invalid.json.additionalInformation.validationErrors[0]).toContain('metaLocalStorage');
  });

  it('a fresh subproject answers project_not_initialized for the configured time', async () => {
    sandbox = await startSinchSandbox({ projectInitMs: 100 });
    const project = await subproject();
    const early = await call('GET', `/prov/v1/projects/${project}/whatsapp/senders`);
    expect([early.status, early.json.errorCode]).toEqual([400, 'project_not_initialized']);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect((await call('GET', `/prov/v1/projects/${project}/whatsapp/senders`)).status).toBe(200);
  });
});

describe('webhooks and templates', () => {
  it('unique target per project and at most 15', async () => {
    sandbox = await startSinchSandbox();
    const project = await subproject();
    const body = (n: number) => ({ target: `http://127.0.0.1:9/${n}`, secret: 's', triggers: ['ALL'] });
    for (let n = 0; n < 15; n++)
      expect((await call('POST', `/prov/v1/projects/${project}/webhooks`, body(n))).status).toBe(201);
    const duplicate = await call('POST', `/prov/v1/projects/${project}/webhooks`, body(3));
    expect([duplicate.status, duplicate.json.errorCode]).toEqual([409, 'webhook_exists']);
    const sixteenth = await call('POST', `/prov/v1/projects/${project}/webhooks`, body(16));
    expect([sixteenth.status, sixteenth.json.errorCode]).toEqual([424, 'webhook_limit_reached']);
    const list = await call('GET', `/prov/v1/projects/${project}/webhooks`);
    expect(list.json.webhooks).toHaveLength(15);
    expect(JSON.stringify(list.json)).not.toContain('"secret"');
  });

  it('templates: 201 IN_PROGRESS, template_exists, later APPROVED with a callback', async () => {
    sandbox = await startSinchSandbox({ templateApprovalMs: 30 });
    const { url, received } = await startReceiver();
    const project = await subproject();
    await call('POST', `/prov/v1/projects/${project}/webhooks`, {
      target: url,
      secret: 's',
      triggers: ['WHATSAPP_TEMPLATE_APPROVED'],
    });
    const template = {
      name: 'hello_world',
      language: 'EN',
      category: 'UTILITY',
      details: { components: [{ type: 'BODY', text: 'Hello {{1}}', examples: ['Ann'] }] },
    };
    const created = await call('POST', `/prov/v1/projects/${project}/whatsapp/templates`, template);
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      name: 'hello_world',
      changes: { status: 'IN_PROGRESS' },
      analytics: [],
      isMetaGenerated: false,
    });
    const again = await call('POST', `/prov/v1/projects/${project}/whatsapp/templates`, template);
    expect(again.json.errorCode).toBe('template_exists');
    await new Promise((resolve) => setTimeout(resolve, 60));
    await sandbox.control.settleCallbacks();
    const list = await call('GET', `/prov/v1/projects/${project}/whatsapp/templates`);
    expect(list.json.templates[0].state).toBe('APPROVED');
    expect(JSON.parse(received[0]?.rawBody ?? '{}').type).toBe('WHATSAPP_TEMPLATE_APPROVED');
  });
});

describe('Conversation apps', () => {
  async function activeSender(project: string) {
    const created = await call('POST', `/prov/v1/projects/${project}/whatsapp/senders`, senderBody);
    await new Promise((resolve) => setTimeout(resolve, 40));
    return (await call('GET', `/prov/v1/projects/${project}/whatsapp/senders/${created.json.id}`)).json;
  }

  it('region-scoped; the credential is ACTIVE only for an ACTIVE sender with its token', async () => {
    sandbox = await startSinchSandbox({ activationMs: 10 });
    const project = await subproject();
    const sender = await activeSender(project);
    const credential = (token: string) => ({
      display_name: 'Acme',
      channel_credentials: [{ channel: 'WHATSAPP', static_bearer: { claimed_identity: sender.id, token } }],
    });
    const good = await call('POST', `/conv/eu/v1/projects/${project}/apps`, credential(sender.bearerToken));
    expect(good.status).toBe(200);
    expect(good.json.channel_credentials[0].state).toEqual({ status: 'ACTIVE' });
    expect((await call('GET', `/conv/eu/v1/projects/${project}/apps/${good.json.id}`)).status).toBe(200);
    const elsewhere = await call('GET', `/conv/us/v1/projects/${project}/apps/${good.json.id}`);
    expect([elsewhere.status, elsewhere.json.error.status]).toEqual([404, 'NOT_FOUND']);
    expect((await call('GET', `/conv/us/v1/projects/${project}/apps`)).json.apps).toEqual([]);
    const bad = await call('POST', `/conv/eu/v1/projects/${project}/apps`, credential('wrong'));
    expect(bad.json.channel_credentials[0].state.status).toBe('FAILING');
    const linked = await call('GET', `/prov/v1/projects/${project}/whatsapp/senders/${sender.id}`);
    expect(linked.json.conversationApiAppDetails).toMatchObject({
      id: good.json.id,
      region: 'EU',
      channelStatus: 'ACTIVE',
    });
    const noName = await call('POST', `/conv/eu/v1/projects/${project}/apps`, { channel_credentials: [] });
    expect([noName.status, noName.json.error.status]).toEqual([400, 'INVALID_ARGUMENT']);
  });
});

describe('control API over HTTP', () => {
  it('injects faults, latency and reports requests and state', async () => {
    sandbox = await startSinchSandbox();
    const control = (method: string, path: string, body?: unknown) =>
      fetch(`${sandbox?.url}/_control${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    expect(
      (await control('POST', '/faults', { operation: 'subprojects.list', status: 503, times: 2 })).status,
    ).toBe(204);
    expect((await control('PUT', '/latency', { operation: 'subprojects.list', ms: 30 })).status).toBe(204);
    expect((await control('POST', '/faults', { operation: 'x', bogus: 1 })).status).toBe(400);
    const started = performance.now();
    expect((await call('GET', '/sub/v1/projects/p/subprojects')).status).toBe(503);
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
    expect((await call('GET', '/sub/v1/projects/p/subprojects')).status).toBe(503);
    expect((await call('GET', '/sub/v1/projects/p/subprojects')).status).toBe(200);
    const log = (await (await control('GET', '/requests?operation=subprojects.list')).json()) as {
      requests: Array<{ status: number; notes: string[] }>;
    };
    expect(log.requests.map((entry) => entry.status)).toEqual([503, 503, 200]);
    expect(log.requests[0]?.notes).toEqual(['latency:30', 'fault:503']);
    await control('POST', '/reset');
    const state = (await (await control('GET', '/state')).json()) as {
      subprojects: unknown[];
      settings: { latency: object };
    };
    expect(state.subprojects).toEqual([]);
    expect(state.settings.latency).toEqual({});
  });

  it('a reset fault drops the connection', async () => {
    sandbox = await startSinchSandbox();
    sandbox.control.injectFault({ operation: 'subprojects.list', reset: true });
    await expect(call('GET', '/sub/v1/projects/p/subprojects')).rejects.toThrow();
    expect((await call('GET', '/sub/v1/projects/p/subprojects')).status).toBe(200);
  });
});
