import { afterEach, describe, expect, it } from 'vitest';
import { SinchError } from './errors.js';
import { type Harness, KEY_SECRET, startHarness } from './test-support/harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('OAuth2 tokens', () => {
  it('1,000 concurrent calls cause exactly one token request', async () => {
    harness = await startHarness({ client: { timeoutMs: 10_000 } });
    const { client, sandbox } = harness;
    const results = await Promise.all(Array.from({ length: 1_000 }, () => client.listSubprojects()));
    expect(results).toHaveLength(1_000);
    expect(sandbox.control.requests({ operation: 'oauth.token' })).toHaveLength(1);
    expect(sandbox.control.requests({ operation: 'subprojects.list' })).toHaveLength(1_000);
    expect(
      sandbox.control.requests({ operation: 'subprojects.list' }).every((r) => r.authScheme === 'Bearer'),
    ).toBe(true);
  });

  it('reuses the cached token for later calls', async () => {
    harness = await startHarness();
    await harness.client.listSubprojects();
    await harness.client.listSubprojects();
    await harness.client.listSubprojects();
    expect(harness.sandbox.control.requests({ operation: 'oauth.token' })).toHaveLength(1);
  });

  it('drops an expired token, fetches a new one and retries the call once', async () => {
    harness = await startHarness();
    const { client, sandbox } = harness;
    await client.listSubprojects();
    sandbox.control.expireTokens();
    await expect(client.listSubprojects()).resolves.toBeDefined();
    const lists = sandbox.control.requests({ operation: 'subprojects.list' });
    expect(lists.map((entry) => entry.status)).toEqual([200, 401, 200]);
    expect(sandbox.control.requests({ operation: 'oauth.token' })).toHaveLength(2);
  });

  it('a POST answered 401 expired is re-sent once and creates one resource', async () => {
    harness = await startHarness();
    const { client, sandbox } = harness;
    await client.listSubprojects();
    sandbox.control.expireTokens();
    await client.createSubproject({ displayName: 'Acme', labels: { customer: 'c-401' } });
    expect(sandbox.control.state().subprojects).toHaveLength(1);
  });

  it('refreshes a short-lived token before it expires', async () => {
    harness = await startHarness({ sandbox: { tokenLifetimeSeconds: 1 } });
    const { client, sandbox } = harness;
    await client.listSubprojects();
    await new Promise((resolve) => setTimeout(resolve, 600));
    await client.listSubprojects();
    expect(sandbox.control.requests({ operation: 'oauth.token' })).toHaveLength(2);
    expect(
      sandbox.control.requests({ operation: 'subprojects.list' }).every((entry) => entry.status === 200),
    ).toBe(true);
  });

  it('retries a rate-limited token request with backoff', async () => {
    harness = await startHarness();
    const { client, sandbox } = harness;
    sandbox.control.injectFault({ operation: 'oauth.token', status: 429, times: 2 });
    await client.listSubprojects();
    expect(sandbox.control.requests({ operation: 'oauth.token' }).map((entry) => entry.status)).toEqual([
      429, 429, 200,
    ]);
  });

  it('sends the token request as Sinch documents it', async () => {
    harness = await startHarness();
    await harness.client.listSubprojects();
    const [request] = harness.sandbox.control.requests({ operation: 'oauth.token' });
    expect(request?.authScheme).toBe('Basic');
    expect(request?.contentType).toBe('application/x-www-form-urlencoded');
    expect(request?.body).toBe('grant_type=client_credentials');
  });

  it('fails with a permanent typed error on a wrong key', async () => {
    harness = await startHarness({ sandbox: { keySecret: 'another-secret' } });
    const error = await harness.client.listSubprojects().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SinchError);
    expect(error).toMatchObject({
      operation: 'oauth.token',
      status: 401,
      code: 'invalid_client',
      retryable: false,
    });
    expect(harness.sandbox.control.requests({ operation: 'oauth.token' })).toHaveLength(1);
  });
});

describe('Basic auth', () => {
  it('sends Basic on every call, never asks for a token, and warns exactly once', async () => {
    harness = await startHarness({ client: { auth: 'basic' } });
    const { client, sandbox } = harness;
    await client.listSubprojects();
    await client.createSubproject({ displayName: 'Basic Co', labels: { customer: 'basic' } });
    await client.listSubprojects();
    expect(sandbox.control.requests({ operation: 'oauth.token' })).toHaveLength(0);
    expect(sandbox.control.requests().every((entry) => entry.authScheme === 'Basic')).toBe(true);
    const warnings = harness.logs.filter((line) => line.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.msg).toMatch(/testing only/);
    expect(harness.logText()).not.toContain(KEY_SECRET);
  });

  it('a 401 in Basic mode is permanent and not retried', async () => {
    harness = await startHarness({ client: { auth: 'basic' }, sandbox: { keySecret: 'another-secret' } });
    await expect(harness.client.listSubprojects()).rejects.toMatchObject({
      status: 401,
      code: 'unauthenticated',
      retryable: false,
    });
    expect(harness.sandbox.control.requests()).toHaveLength(1);
  });
});
