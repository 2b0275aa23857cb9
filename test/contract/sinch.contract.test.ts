/**
 * Contract tests: real traffic between the relay's Sinch client and the Sinch sandbox, recorded by the
 * sandbox, validated against Sinch's published OpenAPI specs. Every request body and query the client sends,
 * every answer the sandbox gives (for statuses the spec declares) and every callback it sends must validate.
 */
import { createServer, type Server } from 'node:http';
import {
  type RequestLogEntry,
  type RunningSinchSandbox,
  startSinchSandbox,
} from '@whatsapp-signup/sinch-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSinchClient, type SinchClient } from '../../relay/src/sinch/index.js';
import { describeErrors, Spec, type SpecName } from './openapi.js';

/** Which spec operation each sandbox operation name is. */
const OPERATIONS: Record<string, [SpecName, string, string]> = {
  'subprojects.create': ['subprojects', 'POST', '/v1/projects/{parentProjectId}/subprojects'],
  'subprojects.list': ['subprojects', 'GET', '/v1/projects/{parentProjectId}/subprojects'],
  'subprojects.get': ['subprojects', 'GET', '/v1/subprojects/{subprojectId}'],
  'subprojects.delete': ['subprojects', 'DELETE', '/v1/subprojects/{subprojectId}'],
  'senders.create': ['provisioning', 'POST', '/v1/projects/{projectId}/whatsapp/senders'],
  'senders.list': ['provisioning', 'GET', '/v1/projects/{projectId}/whatsapp/senders'],
  'senders.get': ['provisioning', 'GET', '/v1/projects/{projectId}/whatsapp/senders/{senderId}'],
  'senders.delete': ['provisioning', 'DELETE', '/v1/projects/{projectId}/whatsapp/senders/{senderId}'],
  'templates.create': ['provisioning', 'POST', '/v1/projects/{projectId}/whatsapp/templates'],
  'templates.list': ['provisioning', 'GET', '/v1/projects/{projectId}/whatsapp/templates'],
  'webhooks.create': ['provisioning', 'POST', '/v1/projects/{projectId}/webhooks'],
  'webhooks.list': ['provisioning', 'GET', '/v1/projects/{projectId}/webhooks'],
  'apps.create': ['conversation', 'POST', '/v1/projects/{project_id}/apps'],
  'apps.list': ['conversation', 'GET', '/v1/projects/{project_id}/apps'],
  'apps.get': ['conversation', 'GET', '/v1/projects/{project_id}/apps/{app_id}'],
  'apps.delete': ['conversation', 'DELETE', '/v1/projects/{project_id}/apps/{app_id}'],
  'conversationWebhooks.create': ['conversation', 'POST', '/v1/projects/{project_id}/webhooks'],
};

const specs: Record<SpecName, Spec> = {
  subprojects: new Spec('subprojects'),
  provisioning: new Spec('provisioning'),
  conversation: new Spec('conversation'),
};

let sandbox: RunningSinchSandbox;
let client: SinchClient;
let receiver: Server;
const callbacks: Array<{ rawBody: string }> = [];
let traffic: RequestLogEntry[] = [];
const BASIC = `Basic ${Buffer.from('contract-key:contract-secret').toString('base64')}`;

async function raw(method: string, path: string, body?: unknown): Promise<number> {
  const response = await fetch(`${sandbox.url}${path}`, {
    method,
    headers: { authorization: BASIC, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  await response.arrayBuffer();
  return response.status;
}

async function expectSinchError(promise: Promise<unknown>, code: string): Promise<void> {
  await expect(promise).rejects.toMatchObject({ code });
}

/** Drives the client through a whole onboarding and its error paths, plus the calls only other tools make. */
async function generateTraffic(): Promise<void> {
  const quiet = { debug() {}, info() {}, warn() {}, error() {} };
  client = createSinchClient({
    projectId: 'contract-parent',
    keyId: 'contract-key',
    keySecret: 'contract-secret',
    auth: 'oauth',
    authUrl: sandbox.env.SINCH_AUTH_URL,
    subprojectUrl: sandbox.env.SINCH_SUBPROJECT_URL,
    provisioningUrl: sandbox.env.SINCH_PROVISIONING_URL,
    conversationUrl: sandbox.env.SINCH_CONVERSATION_URL,
    logger: quiet,
    timeoutMs: 2_000,
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
  });
  const address = receiver.address();
  const target = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/callbacks`;

  const first = await client.createSubproject({
    displayName: 'Contract Co',
    labels: { customer: 'c1', waba: '700' },
  });
  const second = await client.createSubproject({
    displayName: 'Other Co',
    labels: { customer: 'c2', waba: '701' },
  });
  await client.listSubprojects({ pageSize: 1 });
  await client.findSubprojectByLabels({ customer: 'c2', waba: '701' });
  await client.getSubproject(first.subprojectId);
  await expectSinchError(client.getSubproject('01ARZ3NDEKTSV4RRFFQ69G5FAV'), 'not_found');
  await expectSinchError(
    client.createSubproject({ displayName: '', labels: { a: 'b' } }),
    'invalid_argument',
  );

  const project = first.subprojectId;
  await client.registerWebhook(project, { target, secret: 'contract-webhook-secret', triggers: ['ALL'] });
  await client.registerWebhook(project, { target, secret: 'contract-webhook-secret', triggers: ['ALL'] });
  await client.listWebhooks(project);

  const body = {
    region: 'EU' as const,
    metaLocalStorage: 'DE' as const,
    wabaId: '700',
    phoneNumberId: '800',
  };
  const created = await client.createSender(project, body);
  await expectSinchError(
    client.createSender(second.subprojectId, { ...body, phoneNumberId: '801' }),
    'waba_id_used',
  );
  await expectSinchError(
    client.createSender(project, { ...body, wabaId: '702', phoneNumberId: '802' }),
    'wrong_waba_id',
  );
  await expectSinchError(client.createSender(project, body), 'used_phone_number_id');
  await expectSinchError(
    client.createSender(project, { ...body, region: 'XX' as never, phoneNumberId: '803' }),
    'invalid_input',
  );
  await expectSinchError(client.getSender(project, 'no-such-sender'), 'sender_not_found');
  let sender = created;
  while (sender.state !== 'ACTIVE') {
    await new Promise((resolve) => setTimeout(resolve, 10));
    sender = await client.getSender(project, created.id);
  }
  await client.listSenders(project, { pageSize: 10 });

  const template = {
    name: 'order_shipped',
    language: 'EN_US',
    category: 'UTILITY',
    details: {
      components: [
        { type: 'HEADER', format: 'TEXT', text: 'Order update' },
        { type: 'BODY', text: 'Your order {{1}} has shipped.', examples: ['A-100'] },
        { type: 'FOOTER', text: 'Thanks' },
        { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Track' }] },
      ],
    },
  };
  await client.createTemplate(project, template);
  await expectSinchError(client.createTemplate(project, template), 'template_exists');
  await client.listTemplates(project);

  const region = sender.compatibleRegions[0] ?? 'eu';
  const app = await client.createApp(region, project, {
    displayName: 'Contract Co WhatsApp',
    senderId: sender.id,
    bearerToken: sender.bearerToken as string,
  });
  await client.createApp(region, project, {
    displayName: 'Failing',
    senderId: sender.id,
    bearerToken: 'not-the-token',
  });
  await client.getApp(region, project, app.id);
  await client.listApps(region, project);
  await client.findApp(region, project, { displayName: 'Contract Co WhatsApp', senderId: sender.id });

  // Operations the relay does not call but the sandbox serves: their answers must follow the specs too.
  expect(
    await raw('POST', `/conv/${region}/v1/projects/${project}/webhooks`, {
      app_id: app.id,
      target,
      triggers: ['MESSAGE_INBOUND'],
    }),
  ).toBe(200);
  expect(await raw('DELETE', `/conv/${region}/v1/projects/${project}/apps/${app.id}`)).toBe(200);
  expect(await raw('DELETE', `/prov/v1/projects/${project}/whatsapp/senders/${sender.id}`)).toBe(204);
  expect(await raw('DELETE', `/prov/v1/projects/${project}/whatsapp/senders/${sender.id}`)).toBe(409);
  expect(await raw('DELETE', `/sub/v1/subprojects/${second.subprojectId}`)).toBe(200);
  expect(await raw('GET', '/sub/v1/projects/contract-parent/subprojects?showDeleted=true')).toBe(200);
  expect(
    await raw('POST', `/prov/v1/projects/${project}/webhooks`, {
      target: 'not a url',
      secret: '',
      triggers: [],
    }),
  ).toBe(400);
  expect(await raw('GET', `/prov/v1/projects/${project}/whatsapp/senders?pageSize=500`)).toBe(400);

  await new Promise((resolve) => setTimeout(resolve, 80));
  await sandbox.control.settleCallbacks();
}

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let rawBody = '';
    req.on('data', (chunk) => {
      rawBody += chunk;
    });
    req.on('end', () => {
      callbacks.push({ rawBody });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  sandbox = await startSinchSandbox({ activationMs: 20, templateApprovalMs: 20 });
  await generateTraffic();
  traffic = sandbox.control.requests().filter((entry) => entry.operation !== 'oauth.token');
});

afterAll(async () => {
  await client?.close();
  await sandbox?.close();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

describe('Sinch OpenAPI contract', () => {
  it('the published specs load with the known quirks handled', () => {
    expect(specs.provisioning.listExamplesFixed).toBe(12);
    expect(specs.subprojects.listExamplesFixed).toBe(0);
  });

  it('every recorded operation is one the specs describe', () => {
    expect(traffic.length).toBeGreaterThanOrEqual(40);
    expect(traffic.map((entry) => entry.operation).filter((operation) => !(operation in OPERATIONS))).toEqual(
      [],
    );
  });

  it('every request the client sent validates against the spec', () => {
    const failures: string[] = [];
    let checked = 0;
    for (const entry of traffic) {
      const [specName, method, template] = OPERATIONS[entry.operation] as [SpecName, string, string];
      const spec = specs[specName];
      const pointer = spec.requestSchemaPointer(method, template);
      if (pointer) {
        if (entry.contentType !== 'application/json')
          failures.push(`${entry.operation}: content-type ${entry.contentType}`);
        const validate = spec.validator(pointer);
        // Deliberately invalid inputs (the 400 cases) are the sandbox's test, not the client's contract.
        if (entry.status !== 400 && !validate(entry.body)) {
          failures.push(`${entry.operation} request: ${describeErrors(validate).join('; ')}`);
        }
        checked += 1;
      } else if (entry.body !== undefined) {
        failures.push(`${entry.operation}: body on an operation that takes none`);
      }
      const declared = spec.queryParameters(method, template);
      for (const [name, value] of Object.entries(entry.query)) {
        const parameter = declared.get(name);
        if (!parameter) {
          failures.push(`${entry.operation}: undeclared query parameter ${name}`);
          continue;
        }
        const type = (parameter.schema as { type?: string } | undefined)?.type;
        if ((type === 'number' || type === 'integer') && !/^\d+$/.test(value)) {
          failures.push(`${entry.operation}: query ${name}=${value} is not a ${type}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(15);
  });

  it('every answer the sandbox gave validates against the spec for its status', () => {
    const failures: string[] = [];
    const validated = new Set<string>();
    const undeclared = new Set<string>();
    for (const entry of traffic) {
      const [specName, method, template] = OPERATIONS[entry.operation] as [SpecName, string, string];
      const spec = specs[specName];
      const pointer = spec.responseSchemaPointer(method, template, entry.status);
      if (pointer === undefined) {
        undeclared.add(`${entry.operation} ${entry.status}`);
        continue;
      }
      if (pointer === null) {
        if (entry.responseBody !== undefined && JSON.stringify(entry.responseBody) !== '{}') {
          failures.push(`${entry.operation} ${entry.status}: body where the spec declares none`);
        }
        validated.add(`${entry.operation} ${entry.status}`);
        continue;
      }
      const validate = spec.validator(pointer);
      if (!validate(entry.responseBody)) {
        failures.push(`${entry.operation} ${entry.status}: ${describeErrors(validate).join('; ')}`);
      }
      validated.add(`${entry.operation} ${entry.status}`);
    }
    expect(failures).toEqual([]);
    // Every status seen is one the spec declares (Conversation's 404 for another region is not declared;
    // this traffic does not include it).
    expect([...undeclared].sort()).toEqual([]);
    for (const expected of [
      'subprojects.create 200',
      'subprojects.create 400',
      'subprojects.get 404',
      'senders.create 201',
      'senders.create 409',
      'senders.create 400',
      'senders.get 200',
      'senders.get 404',
      'templates.create 201',
      'templates.create 409',
      'webhooks.create 201',
      'webhooks.create 409',
      'apps.create 200',
      'apps.get 200',
      'apps.list 200',
      'senders.delete 204',
      'senders.delete 409',
    ]) {
      expect(validated, expected).toContain(expected);
    }
  });

  it('every callback the sandbox sent validates against the spec callback schema', () => {
    const names: Record<string, [string, string]> = {
      WHATSAPP_SENDER_ACTIVE: ['/v1/projects/{projectId}/whatsapp/senders', 'Active'],
      WHATSAPP_SENDER_DELETED: ['/v1/projects/{projectId}/whatsapp/senders', 'Deleted'],
      WHATSAPP_TEMPLATE_APPROVED: ['/v1/projects/{projectId}/whatsapp/templates', 'Approved'],
    };
    const seen = new Set<string>();
    const failures: string[] = [];
    for (const callback of callbacks) {
      const body = JSON.parse(callback.rawBody) as { type: string };
      const mapping = names[body.type];
      if (!mapping) {
        failures.push(`unexpected callback ${body.type}`);
        continue;
      }
      const [template, name] = mapping;
      const escaped = template.replaceAll('/', '~1');
      const pointer = `/paths/${escaped}/post/callbacks/${name}/{$request.body#webhooks.target}/post/requestBody/content/application~1json/schema`;
      const validate = specs.provisioning.validator(pointer);
      if (!validate(body as unknown)) failures.push(`${body.type}: ${describeErrors(validate).join('; ')}`);
      seen.add(body.type);
    }
    expect(failures).toEqual([]);
    expect([...seen].sort()).toEqual([
      'WHATSAPP_SENDER_ACTIVE',
      'WHATSAPP_SENDER_DELETED',
      'WHATSAPP_TEMPLATE_APPROVED',
    ]);
  });
});
