import { afterEach, describe, expect, it } from 'vitest';
import { SinchError } from './errors.js';
import { type Harness, PARENT_PROJECT, SLOW_MS, startHarness } from './test-support/harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const papiInternal = {
  errorCode: 'internal_error',
  message: 'Internal server error.',
  resolution: 'Try again.',
};

async function subprojectWithSender(h: Harness) {
  const subproject = await h.client.createSubproject({ displayName: 'Acme', labels: { customer: 'acme' } });
  const sender = await h.client.createSender(subproject.subprojectId, {
    region: 'EU',
    metaLocalStorage: 'DE',
    wabaId: '1000001',
    phoneNumberId: '2000001',
  });
  return { subproject, sender };
}

describe('retryable faults recover', () => {
  const cases: Array<[string, Parameters<Harness['sandbox']['control']['injectFault']>[0]]> = [
    [
      '429 without Retry-After',
      {
        operation: 'senders.get',
        status: 429,
        body: { errorCode: 'too_many_requests', message: 'Slow down.', resolution: 'Wait.' },
      },
    ],
    ['429 with Retry-After', { operation: 'senders.get', status: 429, headers: { 'retry-after': '0' } }],
    ['503', { operation: 'senders.get', status: 503, body: papiInternal }],
    ['500', { operation: 'senders.get', status: 500, body: papiInternal }],
    ['connection reset', { operation: 'senders.get', reset: true }],
    ['timeout', { operation: 'senders.get', delayMs: SLOW_MS }],
  ];
  for (const [name, fault] of cases) {
    it(name, async () => {
      harness = await startHarness();
      const { sender, subproject } = await subprojectWithSender(harness);
      harness.sandbox.control.injectFault({ ...fault, times: 2 });
      const got = await harness.client.getSender(subproject.subprojectId, sender.id);
      expect(got.id).toBe(sender.id);
      // A delayed answer is logged when the sandbox finishes it, after the client gave up on it.
      if (fault.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
      const gets = harness.sandbox.control.requests({ operation: 'senders.get' });
      expect(gets).toHaveLength(3);
      expect(gets.filter((entry) => entry.status === 200)).toHaveLength(fault.delayMs ? 3 : 1);
      const outcomes = harness.calls
        .filter((call) => call.operation === 'senders.get')
        .map((call) => call.outcome);
      expect(outcomes).toEqual(['retryable_error', 'retryable_error', 'ok']);
    });
  }

  it('honours Retry-After, capped at maxDelayMs', async () => {
    harness = await startHarness({ client: { retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 300 } } });
    await harness.client.listSubprojects();
    harness.sandbox.control.injectFault({
      operation: 'subprojects.list',
      status: 429,
      headers: { 'retry-after': '5' },
    });
    const started = performance.now();
    await harness.client.listSubprojects();
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(2_000);
  });

  it('gives up after maxAttempts with a retryable typed error carrying Sinch code', async () => {
    harness = await startHarness();
    const { sender, subproject } = await subprojectWithSender(harness);
    harness.sandbox.control.injectFault({
      operation: 'senders.get',
      status: 503,
      body: papiInternal,
      times: 10,
    });
    const error = await harness.client
      .getSender(subproject.subprojectId, sender.id)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SinchError);
    expect(error).toMatchObject({
      operation: 'senders.get',
      status: 503,
      code: 'internal_error',
      retryable: true,
    });
    expect(harness.sandbox.control.requests({ operation: 'senders.get' })).toHaveLength(4);
  });

  it('a timeout surfaces as code timeout with no status', async () => {
    harness = await startHarness({ client: { retry: { maxAttempts: 1 } } });
    harness.sandbox.control.injectFault({ operation: 'subprojects.list', delayMs: SLOW_MS });
    await expect(harness.client.listSubprojects()).rejects.toMatchObject({
      code: 'timeout',
      status: undefined,
      retryable: true,
    });
  });

  it('a connection reset surfaces as network_error', async () => {
    harness = await startHarness({ client: { retry: { maxAttempts: 1 } } });
    harness.sandbox.control.injectFault({ operation: 'subprojects.list', reset: true });
    await expect(harness.client.listSubprojects()).rejects.toMatchObject({
      code: 'network_error',
      retryable: true,
    });
  });
});

describe('permanent errors surface with Sinch code, without retries', () => {
  it('409 waba_id_used (WABA already used in another project)', async () => {
    harness = await startHarness();
    const { client, sandbox } = harness;
    await subprojectWithSender(harness);
    const other = await client.createSubproject({ displayName: 'Other', labels: { customer: 'other' } });
    const error = await client
      .createSender(other.subprojectId, {
        region: 'EU',
        metaLocalStorage: 'DE',
        wabaId: '1000001',
        phoneNumberId: '2000009',
      })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      operation: 'senders.create',
      status: 409,
      code: 'waba_id_used',
      retryable: false,
    });
    expect((error as Error).message).toContain('WabaId is used');
    expect(sandbox.control.requests({ operation: 'senders.create' })).toHaveLength(2);
  });

  it('409 wrong_waba_id (a second WABA in one project)', async () => {
    harness = await startHarness();
    const { subproject } = await subprojectWithSender(harness);
    await expect(
      harness.client.createSender(subproject.subprojectId, {
        region: 'EU',
        metaLocalStorage: 'DE',
        wabaId: '1000002',
        phoneNumberId: '2000002',
      }),
    ).rejects.toMatchObject({ status: 409, code: 'wrong_waba_id', retryable: false });
  });

  it('409 used_phone_number_id', async () => {
    harness = await startHarness();
    const { subproject } = await subprojectWithSender(harness);
    await expect(
      harness.client.createSender(subproject.subprojectId, {
        region: 'EU',
        metaLocalStorage: 'DE',
        wabaId: '1000001',
        phoneNumberId: '2000001',
      }),
    ).rejects.toMatchObject({ status: 409, code: 'used_phone_number_id', retryable: false });
  });

  it('400 invalid_input keeps additionalInformation', async () => {
    harness = await startHarness();
    const subproject = await harness.client.createSubproject({
      displayName: 'Acme',
      labels: { customer: 'x' },
    });
    const error = await harness.client
      .createSender(subproject.subprojectId, {
        region: 'XX' as never,
        metaLocalStorage: 'DE',
        wabaId: '1',
        phoneNumberId: '2',
      })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 400, code: 'invalid_input', retryable: false });
    expect((error as SinchError).additionalInformation).toMatchObject({
      validationErrors: [expect.stringContaining('region')],
    });
  });

  it('404 sender_not_found', async () => {
    harness = await startHarness();
    const subproject = await harness.client.createSubproject({
      displayName: 'Acme',
      labels: { customer: 'x' },
    });
    await expect(harness.client.getSender(subproject.subprojectId, 'nope')).rejects.toMatchObject({
      status: 404,
      code: 'sender_not_found',
      retryable: false,
    });
  });

  it('Subprojects INVALID_ARGUMENT in lower case', async () => {
    harness = await startHarness();
    await expect(
      harness.client.createSubproject({ displayName: '', labels: { a: 'b' } }),
    ).rejects.toMatchObject({
      operation: 'subprojects.create',
      status: 400,
      code: 'invalid_argument',
      retryable: false,
    });
  });

  it('Conversation NOT_FOUND on another region', async () => {
    harness = await startHarness();
    const { subproject, sender } = await subprojectWithSender(harness);
    const active = await waitActive(harness, subproject.subprojectId, sender.id);
    const app = await harness.client.createApp('eu', subproject.subprojectId, {
      displayName: 'Acme WhatsApp',
      senderId: sender.id,
      bearerToken: active.bearerToken as string,
    });
    await expect(harness.client.getApp('us', subproject.subprojectId, app.id)).rejects.toMatchObject({
      status: 404,
      code: 'not_found',
      retryable: false,
    });
    await expect(harness.client.getApp('eu', subproject.subprojectId, app.id)).resolves.toMatchObject({
      id: app.id,
    });
  });

  it('a 2xx answer missing a required field is invalid_response, not retried', async () => {
    harness = await startHarness();
    await harness.client.listSubprojects();
    harness.sandbox.control.injectFault({
      operation: 'subprojects.get',
      status: 200,
      body: { displayName: 'no id', parentProjectId: PARENT_PROJECT },
    });
    await expect(harness.client.getSubproject('01ARZ3NDEKTSV4RRFFQ69G5FAV')).rejects.toMatchObject({
      code: 'invalid_response',
      retryable: false,
    });
    expect(harness.sandbox.control.requests({ operation: 'subprojects.get' })).toHaveLength(1);
  });

  it('malformed JSON is invalid_response', async () => {
    harness = await startHarness();
    harness.sandbox.control.injectFault({ operation: 'subprojects.list', malformed: true });
    await expect(harness.client.listSubprojects()).rejects.toMatchObject({
      code: 'invalid_response',
      retryable: false,
    });
  });
});

describe('fresh subprojects', () => {
  it('project_not_initialized on a new subproject is retried until it is ready', async () => {
    harness = await startHarness({ sandbox: { projectInitMs: 250 } });
    const subproject = await harness.client.createSubproject({
      displayName: 'Fresh',
      labels: { customer: 'fresh' },
    });
    const sender = await harness.client.createSender(subproject.subprojectId, {
      region: 'US',
      metaLocalStorage: 'US',
      wabaId: '7',
      phoneNumberId: '8',
    });
    expect(sender.changes?.status).toBe('IN_PROGRESS');
    const codes = harness.sandbox.control
      .requests({ operation: 'senders.list' })
      .map((entry) => entry.status);
    expect(codes[0]).toBe(400);
    expect(codes.at(-1)).toBe(200);
  });

  it('project_not_found on a project the client does not know as fresh is permanent', async () => {
    harness = await startHarness({ sandbox: { projectId: PARENT_PROJECT } });
    await expect(harness.client.listSenders('unknown-project')).rejects.toMatchObject({
      status: 404,
      code: 'project_not_found',
      retryable: false,
    });
    expect(harness.sandbox.control.requests({ operation: 'senders.list' })).toHaveLength(1);
  });

  it('noteProjectCreated makes a restarted relay treat the window the same way', async () => {
    harness = await startHarness({ sandbox: { projectId: PARENT_PROJECT } });
    harness.client.noteProjectCreated('later-project', new Date());
    harness.sandbox.control.injectFault({
      operation: 'senders.list',
      status: 404,
      body: { errorCode: 'project_not_found', message: 'Project not found.', resolution: 'Check it.' },
      times: 2,
    });
    await expect(harness.client.listSenders(PARENT_PROJECT)).rejects.toMatchObject({
      code: 'project_not_found',
    });
    harness.sandbox.control.injectFault({
      operation: 'senders.list',
      status: 404,
      body: { errorCode: 'project_not_found', message: 'Project not found.', resolution: 'Check it.' },
      times: 2,
    });
    harness.client.noteProjectCreated(PARENT_PROJECT, new Date());
    await expect(harness.client.listSenders(PARENT_PROJECT)).resolves.toMatchObject({ totalSize: 0 });
  });
});

async function waitActive(h: Harness, projectId: string, senderId: string) {
  for (let i = 0; i < 200; i++) {
    const sender = await h.client.getSender(projectId, senderId);
    if (sender.state === 'ACTIVE') return sender;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('sender never became ACTIVE');
}
