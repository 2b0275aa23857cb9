/**
 * The template routes against the Sinch sandbox: create, list, duplicates, every mapped Sinch error (by
 * fault injection), and callback statuses in the list. The status store also runs on Postgres when
 * `TEST_DATABASE_URL` is set.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSinchSandbox } from '@whatsapp-signup/sinch-sandbox';
import type { Kysely } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSinchClient } from '../sinch/client.js';
import { openStore, type Store } from '../store/index.js';
import { postgresKind, sqliteKind, type TestDatabase } from '../test-support/databases.js';
import { createTemplatesRoutes } from './routes.js';
import { TemplateStatusStore, templateStatusesMigration } from './status-store.js';

const KEY_SECRET = 'templates-test-key-secret-7d3a';
const silent = { debug() {}, info() {}, warn() {}, error() {} };

const body = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  language: 'EN',
  category: 'UTILITY',
  details: {
    components: [
      { type: 'BODY', text: 'Hello {{1}}, your order is ready.', examples: ['Ana'] },
      { type: 'FOOTER', text: 'Reply STOP to opt out' },
    ],
  },
  ...extra,
});

async function openTestStore(database: TestDatabase): Promise<Store> {
  const store = await openStore(database.url);
  await templateStatusesMigration.up(store.db as unknown as Kysely<unknown>);
  return store;
}

/** A sandbox, a Sinch client, a store and the routes; tokens are `Bearer customer:<id>`. */
async function startStack() {
  const sandbox = await startSinchSandbox({ activationMs: 30, templateApprovalMs: 60_000 });
  const sinch = createSinchClient({
    projectId: 'parent-1',
    keyId: 'key-1',
    keySecret: KEY_SECRET,
    auth: 'oauth',
    authUrl: sandbox.env.SINCH_AUTH_URL,
    subprojectUrl: sandbox.env.SINCH_SUBPROJECT_URL,
    provisioningUrl: sandbox.env.SINCH_PROVISIONING_URL,
    conversationUrl: sandbox.env.SINCH_CONVERSATION_URL,
    logger: silent,
    timeoutMs: 1_000,
    retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20 },
  });
  const database = await sqliteKind.create();
  const store = await openTestStore(database);
  const statuses = TemplateStatusStore.on(store.db);
  const logs: string[] = [];
  const app = createTemplatesRoutes({
    store,
    sinch,
    statuses,
    authenticate: (c) => c.req.header('authorization')?.match(/^Bearer customer:(.+)$/)?.[1],
    logger: { warn: (obj, msg) => logs.push(JSON.stringify(obj) + (msg ?? '')), error: () => {} },
  });
  /** Creates a subproject at the sandbox and records it for (customer, WABA), as the workflow does. */
  const onboard = async (customerId: string, wabaId: string) => {
    const subproject = await sinch.createSubproject({
      displayName: customerId,
      labels: { customer: customerId, waba: wabaId },
    });
    await store.claimSubproject(customerId, wabaId, 'test', Date.now(), Date.now() + 60_000);
    await store.setSubprojectId(customerId, wabaId, subproject.subprojectId, Date.now());
    return subproject.subprojectId;
  };
  const request = (customerId: string | undefined, path: string, init: RequestInit = {}) =>
    app.request(path, {
      ...init,
      headers: {
        ...(customerId ? { authorization: `Bearer customer:${customerId}` } : {}),
        ...(init.body ? { 'content-type': 'application/json' } : {}),
        ...(init.headers as Record<string, string> | undefined),
      },
    });
  const post = (customerId: string, payload: unknown) =>
    request(customerId, '/v1/templates', { method: 'POST', body: JSON.stringify(payload) });
  return {
    sandbox,
    sinch,
    store,
    statuses,
    logs,
    onboard,
    request,
    post,
    async close() {
      await sinch.close();
      await sandbox.close();
      await store.close();
      await database.drop();
    },
  };
}

type Stack = Awaited<ReturnType<typeof startStack>>;

describe('template routes against the Sinch sandbox', () => {
  let stack: Stack;
  let customer = 0;
  let id: string;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack.close();
  });
  beforeEach(() => {
    id = `cust-${++customer}`;
  });
  afterEach(() => {
    stack.sandbox.control.clearFaults();
  });

  it('needs a session token', async () => {
    const list = await stack.request(undefined, '/v1/templates');
    expect(list.status).toBe(401);
    const create = await stack.request(undefined, '/v1/templates', {
      method: 'POST',
      body: JSON.stringify(body('x1')),
    });
    expect(create.status).toBe(401);
    expect(((await create.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
  });

  it('lists nothing and refuses creates before any onboarding', async () => {
    const list = await stack.request(id, '/v1/templates');
    expect(list.status).toBe(200);
    expect(await list.json()).toEqual({ templates: [] });
    const create = await stack.post(id, body('order_ready'));
    expect(create.status).toBe(409);
    const answer = (await create.json()) as { error: { code: string; requestId: string } };
    expect(answer.error.code).toBe('no_subproject');
    expect(answer.error.requestId).toMatch(/\S/);
  });

  it('creates a template in the customer subproject and lists it with its wabaId', async () => {
    const subprojectId = await stack.onboard(id, '1001');
    const create = await stack.post(id, body('order_ready'));
    expect(create.status).toBe(201);
    const created = (await create.json()) as Record<string, unknown>;
    expect(created).toMatchObject({ name: 'order_ready', language: 'EN', wabaId: '1001' });
    expect(created.changes).toMatchObject({ status: 'IN_PROGRESS' });
    // Sinch got the template without the relay's wabaId, in the customer's own subproject.
    const sent = stack.sandbox.control.requests({ operation: 'templates.create' }).at(-1);
    expect(sent?.path).toContain(`/projects/${subprojectId}/`);
    expect(sent?.body).toEqual(body('order_ready'));

    const draft = await stack.post(id, body('order_draft', { status: 'DRAFT' }));
    expect(draft.status).toBe(201);
    expect(((await draft.json()) as { changes: { status: string } }).changes.status).toBe('DRAFT');

    const list = await stack.request(id, '/v1/templates');
    const { templates } = (await list.json()) as { templates: Record<string, unknown>[] };
    expect(templates.map((t) => [t.name, t.wabaId])).toEqual([
      ['order_ready', '1001'],
      ['order_draft', '1001'],
    ]);
    // Another customer sees none of them.
    const other = await stack.request(`${id}-other`, '/v1/templates');
    expect(await other.json()).toEqual({ templates: [] });
  });

  it('answers 409 template_exists for a duplicate name and language', async () => {
    await stack.onboard(id, '1002');
    expect((await stack.post(id, body('welcome'))).status).toBe(201);
    const again = await stack.post(id, body('welcome'));
    expect(again.status).toBe(409);
    const answer = (await again.json()) as { error: { code: string; message: string } };
    expect(answer.error.code).toBe('template_exists');
    expect(answer.error.message).toMatch(/already exists/);
    // Another language of the same name is a new template.
    expect((await stack.post(id, body('welcome', { language: 'PT_BR' }))).status).toBe(201);
  });

  it('validates the body with the shared schema before calling Sinch', async () => {
    await stack.onboard(id, '1003');
    stack.sandbox.control.clearRequests();
    const bad = await stack.post(id, {
      ...body('Bad Name'),
      details: { components: [{ type: 'BODY', text: 'Hi {{2}}', examples: ['x'] }] },
    });
    expect(bad.status).toBe(400);
    const answer = (await bad.json()) as { error: { code: string; details: { path: string }[] } };
    expect(answer.error.code).toBe('invalid_template');
    const paths = answer.error.details.map((detail) => detail.path);
    expect(paths).toContain('name');
    expect(paths).toContain('components.BODY.text');
    const unknownKey = await stack.post(id, { ...body('ok_name'), extra: 1 });
    expect(unknownKey.status).toBe(400);
    const notJson = await stack.request(id, '/v1/templates', { method: 'POST', body: '{' });
    expect(((await notJson.json()) as { error: { code: string } }).error.code).toBe('invalid_json');
    const wrongType = await stack.request(id, '/v1/templates', {
      method: 'POST',
      body: JSON.stringify(body('ok_name')),
      headers: { 'content-type': 'text/plain' },
    });
    expect(wrongType.status).toBe(415);
    const huge = await stack.post(id, { ...body('ok_name'), name: 'a'.repeat(70_000) });
    expect(huge.status).toBe(413);
    expect(huge.headers.get('connection')).toBe('close');
    expect(stack.sandbox.control.requests({ operation: 'templates.create' })).toHaveLength(0);
  });

  it('needs wabaId when the customer has several WABAs, and routes by it', async () => {
    const first = await stack.onboard(id, '2001');
    const second = await stack.onboard(id, '2002');
    const missing = await stack.post(id, body('promo'));
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('waba_id_required');
    const unknown = await stack.post(id, body('promo', { wabaId: '9999' }));
    expect(unknown.status).toBe(404);
    const created = await stack.post(id, body('promo', { wabaId: '2002' }));
    expect(created.status).toBe(201);
    expect(stack.sandbox.control.requests({ operation: 'templates.create' }).at(-1)?.path).toContain(second);
    await stack.post(id, body('promo', { wabaId: '2001' }));
    const all = (await (await stack.request(id, '/v1/templates')).json()) as {
      templates: { wabaId: string }[];
    };
    expect(all.templates.map((t) => t.wabaId).sort()).toEqual(['2001', '2002']);
    const one = (await (await stack.request(id, '/v1/templates?wabaId=2001')).json()) as {
      templates: { wabaId: string }[];
    };
    expect(one.templates.map((t) => t.wabaId)).toEqual(['2001']);
    expect(first).not.toBe(second);
  });

  describe('maps Sinch errors', () => {
    const cases: {
      name: string;
      fault: {
        status?: number;
        body?: unknown;
        headers?: Record<string, string>;
        reset?: boolean;
        times?: number;
      };
      status: number;
      code: string;
      message?: RegExp;
      retryAfter?: string;
    }[] = [
      {
        name: 'template_name_recently_used',
        fault: {
          status: 409,
          body: {
            errorCode: 'template_name_recently_used',
            message: 'Name used.',
            resolution: 'Use another.',
          },
        },
        status: 409,
        code: 'template_name_recently_used',
        message: /30 days/,
      },
      {
        name: 'template_policies_violations',
        fault: {
          status: 400,
          body: {
            errorCode: 'template_policies_violations',
            message: 'Template violates WhatsApp policies.',
            resolution: 'Review the content.',
            additionalInformation: { validationErrors: ['Body contains a prohibited phrase.'] },
          },
        },
        status: 400,
        code: 'template_policies_violations',
        message: /violates WhatsApp policies/,
      },
      {
        name: 'template_submit_error with Meta error',
        fault: {
          status: 424,
          body: {
            errorCode: 'template_submit_error',
            message: 'Submit failed.',
            resolution: 'See metaError.',
            additionalInformation: {
              metaError: {
                code: 100,
                subcode: 2388299,
                message: 'Variables can not be at the start or end of the template.',
                description: 'Move the variable inside the text.',
              },
            },
          },
        },
        status: 502,
        code: 'template_submit_error',
        message: /Variables can not be at the start or end of the template\. — Move the variable/,
      },
      {
        name: '429 with Retry-After',
        fault: {
          status: 429,
          times: 3,
          headers: { 'retry-after': '7' },
          body: {
            errorCode: 'whatsapp_business_api_request_limit_exceeded',
            message: 'Slow down.',
            resolution: 'Retry later.',
          },
        },
        status: 429,
        code: 'rate_limited',
        retryAfter: '7',
      },
      {
        name: '5xx',
        fault: {
          status: 500,
          times: 3,
          body: { errorCode: 'internal_error', message: 'x', resolution: 'y' },
        },
        status: 502,
        code: 'sinch_error',
      },
      { name: 'network failure', fault: { reset: true, times: 10 }, status: 503, code: 'sinch_unreachable' },
      {
        name: 'template_limit_reached',
        fault: {
          status: 424,
          body: { errorCode: 'template_limit_reached', message: 'Limit.', resolution: 'Delete some.' },
        },
        status: 409,
        code: 'template_limit_reached',
        message: /template limit/,
      },
      {
        name: 'template_restricted_Domain_for_button_url',
        fault: {
          status: 409,
          body: { errorCode: 'template_restricted_Domain_for_button_url', message: 'x', resolution: 'y' },
        },
        status: 400,
        code: 'template_restricted_domain_for_button_url',
      },
      {
        name: 'Sinch refusing the relay credentials',
        fault: {
          status: 403,
          body: { errorCode: 'unauthorized_error', message: 'Forbidden.', resolution: 'x' },
        },
        status: 502,
        code: 'sinch_auth_failed',
      },
    ];
    for (const testCase of cases) {
      it(testCase.name, async () => {
        await stack.onboard(id, `30${customer}`);
        stack.sandbox.control.injectFault({ operation: 'templates.create', ...testCase.fault });
        const answer = await stack.post(id, body('mapped_error'));
        expect(answer.status).toBe(testCase.status);
        const json = (await answer.json()) as {
          error: { code: string; message: string; metaError?: unknown };
        };
        expect(json.error.code).toBe(testCase.code);
        if (testCase.message) expect(json.error.message).toMatch(testCase.message);
        if (testCase.retryAfter) expect(answer.headers.get('retry-after')).toBe(testCase.retryAfter);
        if (testCase.code === 'template_submit_error') {
          expect(json.error.metaError).toMatchObject({ code: 100, subcode: 2388299 });
        }
        expect(JSON.stringify(json)).not.toContain(KEY_SECRET);
      });
    }

    it('maps a list failure too', async () => {
      await stack.onboard(id, `31${customer}`);
      stack.sandbox.control.injectFault({ operation: 'templates.list', status: 503, times: 3 });
      const answer = await stack.request(id, '/v1/templates');
      expect(answer.status).toBe(503);
      expect(((await answer.json()) as { error: { code: string } }).error.code).toBe('sinch_unavailable');
      expect(answer.headers.get('retry-after')).toMatch(/^\d+$/);
    });
  });

  it('shows a status callback in the list while Sinch still shows the template pending', async () => {
    const subprojectId = await stack.onboard(id, '4001');
    await stack.post(id, body('shipping_update'));
    const attributed = await stack.statuses.recordCallback({
      type: 'WHATSAPP_TEMPLATE_REJECTED',
      payload: {
        name: 'shipping_update',
        language: 'EN',
        category: 'UTILITY',
        state: 'REJECTED',
        rejectionCode: 'INVALID_FORMAT',
        analytics: [],
        isMetaGenerated: false,
      },
    });
    expect(attributed).toBe(subprojectId);
    const { templates } = (await (await stack.request(id, '/v1/templates')).json()) as {
      templates: Record<string, unknown>[];
    };
    const listed = templates.find((t) => t.name === 'shipping_update');
    expect(listed).toMatchObject({
      state: 'REJECTED',
      rejectionCode: 'INVALID_FORMAT',
      lastEvent: { type: 'WHATSAPP_TEMPLATE_REJECTED' },
    });
    expect(listed?.changes).toBeUndefined();
  });
});

describe('template callbacks delivered by the sandbox', () => {
  let stack: Stack;
  let receiver: Server;
  let targetUrl: string;
  const received: Promise<string | undefined>[] = [];
  beforeAll(async () => {
    stack = await startStack();
    stack.sandbox.control.setTemplateApprovalDelay(30);
    // Stands in for the relay's callback route (signature checks are that route's job).
    receiver = createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk: Buffer) => {
        raw += chunk.toString('utf8');
      });
      req.on('end', () => {
        received.push(stack.statuses.recordCallback(JSON.parse(raw)));
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    targetUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/v1/callbacks/sinch/provisioning`;
  });
  afterAll(async () => {
    await stack.close();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });

  it('stores WHATSAPP_TEMPLATE_APPROVED and shows it in the list', async () => {
    const subprojectId = await stack.onboard('cb-1', '5001');
    await stack.sinch.registerWebhook(subprojectId, {
      target: targetUrl,
      secret: 'webhook-secret-for-tests',
      triggers: ['WHATSAPP_TEMPLATE_APPROVED'],
    });
    expect((await stack.post('cb-1', body('appointment_reminder'))).status).toBe(201);
    await expect.poll(() => received.length, { timeout: 5_000 }).toBeGreaterThan(0);
    expect(await received[0]).toBe(subprojectId);
    const { templates } = (await (await stack.request('cb-1', '/v1/templates')).json()) as {
      templates: Record<string, unknown>[];
    };
    expect(templates[0]).toMatchObject({
      name: 'appointment_reminder',
      state: 'APPROVED',
      lastEvent: { type: 'WHATSAPP_TEMPLATE_APPROVED' },
    });
  });
});

const kinds = [sqliteKind, ...(postgresKind ? [postgresKind] : [])];
describe.each(kinds)('template status store on $name', (kind) => {
  let database: TestDatabase;
  let store: Store;
  let statuses: TemplateStatusStore;
  beforeEach(async () => {
    database = await kind.create();
    store = await openTestStore(database);
    statuses = TemplateStatusStore.on(store.db, { freshnessMs: 1_000 });
  });
  afterEach(async () => {
    await store.close();
    await database.drop();
  });

  const approved = { name: 'hello', language: 'EN', category: 'UTILITY', state: 'APPROVED' };

  it('does not attribute a callback shared by two subprojects without a whatsappId', async () => {
    await statuses.remember('sp-a', [{ name: 'hello', language: 'EN' }], 1);
    await statuses.remember('sp-b', [{ name: 'hello', language: 'EN' }], 1);
    expect(await statuses.recordCallback({ type: 'WHATSAPP_TEMPLATE_APPROVED', payload: approved }, 2)).toBe(
      undefined,
    );
    // With the Meta template ID the match is exact.
    await statuses.remember('sp-b', [{ name: 'hello', language: 'EN', whatsappId: '777' }], 3);
    expect(
      await statuses.recordCallback(
        { type: 'WHATSAPP_TEMPLATE_APPROVED', payload: { ...approved, whatsappId: '777' } },
        4,
      ),
    ).toBe('sp-b');
  });

  it('ignores other callbacks and unknown templates', async () => {
    expect(await statuses.recordCallback({ type: 'WHATSAPP_SENDER_ACTIVE', payload: { id: 'x' } })).toBe(
      undefined,
    );
    expect(await statuses.recordCallback({ type: 'WHATSAPP_TEMPLATE_APPROVED', payload: approved })).toBe(
      undefined,
    );
  });

  it('lets Sinch win over an old callback once the template is settled there', async () => {
    await statuses.remember('sp-a', [{ name: 'hello', language: 'EN' }], 1);
    await statuses.recordCallback(
      { type: 'WHATSAPP_TEMPLATE_COMMENT_ADDED', payload: approved, comment: 'Looks good' },
      1_000,
    );
    const sinch = [{ name: 'hello', language: 'EN', category: 'UTILITY', state: 'PAUSED' }];
    const fresh = await statuses.apply('sp-a', sinch, 1_500);
    expect(fresh[0]).toMatchObject({ state: 'APPROVED', lastEvent: { comment: 'Looks good' } });
    const old = await statuses.apply('sp-a', sinch, 5_000);
    expect(old[0]).toMatchObject({ state: 'PAUSED', lastEvent: { type: 'WHATSAPP_TEMPLATE_COMMENT_ADDED' } });
    // An older delivery arriving late does not undo the newer one.
    await statuses.recordCallback(
      { type: 'WHATSAPP_TEMPLATE_REJECTED', payload: { ...approved, state: 'REJECTED' } },
      500,
    );
    expect((await statuses.apply('sp-a', sinch, 1_200))[0]).toMatchObject({ state: 'APPROVED' });
  });
});

describe('template routes with a scripted Sinch client', () => {
  let database: TestDatabase;
  let store: Store;
  beforeEach(async () => {
    database = await sqliteKind.create();
    store = await openTestStore(database);
    await store.claimSubproject('c1', '77', 'test', 1, 60_000);
    await store.setSubprojectId('c1', '77', 'sp-77', 2);
  });
  afterEach(async () => {
    await store.close();
    await database.drop();
  });

  const routes = (sinch: Parameters<typeof createTemplatesRoutes>[0]['sinch']) =>
    createTemplatesRoutes({
      store,
      sinch,
      statuses: TemplateStatusStore.on(store.db),
      authenticate: () => 'c1',
    });
  const unused = () => Promise.reject(new Error('not called'));

  it('follows nextPageToken through every page', async () => {
    const tokens: (string | undefined)[] = [];
    const app = routes({
      createTemplate: unused,
      listTemplates: (_project, query) => {
        tokens.push(query?.pageToken);
        const page = query?.pageToken === undefined ? 1 : Number(query.pageToken);
        return Promise.resolve({
          templates: [{ name: `t${page}`, language: 'EN', category: 'UTILITY' }],
          ...(page < 3 ? { nextPageToken: String(page + 1) } : {}),
        });
      },
    });
    const answer = (await (await app.request('/v1/templates')).json()) as { templates: { name: string }[] };
    expect(answer.templates.map((t) => t.name)).toEqual(['t1', 't2', 't3']);
    expect(tokens).toEqual([undefined, '2', '3']);
  });

  it('answers 503 without details when something other than Sinch fails', async () => {
    const app = routes({
      createTemplate: unused,
      listTemplates: () => Promise.reject(new Error('database said: relation "x" does not exist')),
    });
    const answer = await app.request('/v1/templates');
    expect(answer.status).toBe(503);
    const text = await answer.text();
    expect(text).toContain('service_unavailable');
    expect(text).not.toContain('relation');
  });
});
