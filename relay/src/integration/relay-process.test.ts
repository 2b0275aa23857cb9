/**
 * The built relay as operators run it (`node relay/dist/main.js`) against the
 * Sinch sandbox: callbacks, crashes at every workflow step, graceful shutdown,
 * start-up failures, and two replicas sharing one Postgres.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningSinchSandbox, startSinchSandbox } from '@whatsapp-signup/sinch-sandbox';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { postgresKind } from '../test-support/databases.js';
import { testEnvironment } from '../test-support/relay-harness.js';
import { freePort, RelayChild, runToExit } from '../test-support/relay-process.js';
import { waitFor } from '../test-support/wait.js';

const ADMIN = 'process-admin-token-0123456789';
const WEBHOOK_SECRET = 'process-webhook-secret';

let sandbox: RunningSinchSandbox;
let dataDir: string;
const children: RelayChild[] = [];

beforeAll(async () => {
  sandbox = await startSinchSandbox({ port: 0, activationMs: 100 });
  dataDir = mkdtempSync(join(tmpdir(), 'relay-process-'));
});
afterAll(async () => {
  await Promise.all(children.map((child) => child.stop('SIGKILL')));
  await sandbox?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});
beforeEach(() => sandbox.control.reset());

async function relayEnv(databaseUrl: string, overrides: Record<string, string> = {}) {
  const port = await freePort();
  return testEnvironment(databaseUrl, {
    ...sandbox.env,
    PORT: String(port),
    RELAY_ADMIN_TOKEN: ADMIN,
    RELAY_LEASE_MS: '1000',
    RELAY_RUNNER_INTERVAL_MS: '100',
    RELAY_POLL_INITIAL_MS: '100',
    RELAY_POLL_MAX_MS: '200',
    RELAY_RETRY_BUDGET_MS: '20000',
    LOG_LEVEL: 'info',
    ...overrides,
  });
}

function track(child: RelayChild) {
  children.push(child);
  return child;
}

async function call(
  url: string,
  path: string,
  init: { method?: string; token?: string; body?: unknown } = {},
) {
  const response = await fetch(new URL(path, url), {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${init.token ?? ADMIN}`,
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function sessionToken(url: string, customerId: string): Promise<string> {
  const minted = await call(url, '/v1/sessions', {
    method: 'POST',
    body: { customerId, displayName: customerId },
  });
  return String(minted.body.token);
}

function onboardingBody(phoneNumberId: string, wabaId = '4242') {
  return { wabaId, phoneNumberId, region: 'EU', metaLocalStorage: 'DE' };
}

async function waitCompleted(url: string, id: string, timeoutMs = 20_000) {
  return waitFor(
    async () => {
      const { body } = await call(url, `/v1/onboardings/${id}`);
      if (body.status === 'failed') throw new Error(`onboarding failed: ${JSON.stringify(body.error)}`);
      return body.status === 'completed' ? body : undefined;
    },
    { timeoutMs, intervalMs: 50, what: `onboarding ${id} to complete` },
  );
}

function sinchCounts() {
  const state = sandbox.control.state();
  return { subprojects: state.subprojects.length, senders: state.senders.length, apps: state.apps.length };
}

describe('relay process', () => {
  it('exits non-zero naming the bad variable', async () => {
    const env = await relayEnv(`sqlite:${join(dataDir, 'bad.db')}`, { RELAY_SESSION_SECRET: 'short' });
    const result = await runToExit(env);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('RELAY_SESSION_SECRET');
    const noPublicSecret = await runToExit(
      await relayEnv(`sqlite:${join(dataDir, 'bad.db')}`, { RELAY_PUBLIC_URL: 'http://127.0.0.1:1' }),
    );
    expect([noPublicSecret.code !== 0, noPublicSecret.output.includes('SINCH_WEBHOOK_SECRET')]).toEqual([
      true,
      true,
    ]);
  });

  it('completes an onboarding driven by the signed activation callback, and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const env = await relayEnv(`sqlite:${join(dataDir, 'callback.db')}`, {
      PORT: String(port),
      RELAY_PUBLIC_URL: `http://127.0.0.1:${port}`,
      SINCH_WEBHOOK_SECRET: WEBHOOK_SECRET,
      // Polls far apart: reaching `app` quickly proves the callback did it.
      RELAY_POLL_INITIAL_MS: '30000',
      RELAY_POLL_MAX_MS: '30000',
    });
    const relay = track(new RelayChild(env));
    const url = await relay.start();
    const token = await sessionToken(url, 'proc-callback');
    const started = Date.now();
    const created = await call(url, '/v1/onboardings', {
      method: 'POST',
      token,
      body: onboardingBody('9001'),
    });
    expect(created.status).toBe(202);
    await waitCompleted(url, String(created.body.id), 10_000);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(sandbox.control.state().webhooks).toHaveLength(1);
    expect(
      sandbox.control.callbacks().some((entry) => JSON.stringify(entry).includes('WHATSAPP_SENDER_ACTIVE')),
    ).toBe(true);
    const metrics = await (await fetch(new URL('/metrics', url))).text();
    expect(metrics).toMatch(/relay_sinch_calls_total\{operation="senders\.create",outcome="ok"\} 1/);
    expect(metrics).toMatch(/relay_onboardings\{status="completed"\} 1/);
    const exit = await relay.stop('SIGTERM');
    expect(exit.code).toBe(0);
    const logs = relay.lines.join('\n');
    for (const secret of [
      ADMIN,
      WEBHOOK_SECRET,
      token,
      env.RELAY_SESSION_SECRET ?? '',
      env.SINCH_KEY_SECRET ?? '',
    ]) {
      expect(logs).not.toContain(secret);
    }
    for (const issued of sandbox.control.issuedTokens()) expect(logs).not.toContain(issued);
  });

  it('shuts down on SIGTERM with an SSE stream open and a slow Sinch call in flight, then resumes', async () => {
    sandbox.control.setActivationDelay(60_000);
    const env = await relayEnv(`sqlite:${join(dataDir, 'graceful.db')}`);
    const relay = track(new RelayChild(env));
    const url = await relay.start();
    const token = await sessionToken(url, 'graceful');
    const created = await call(url, '/v1/onboardings', {
      method: 'POST',
      token,
      body: onboardingBody('9300'),
    });
    const id = String(created.body.id);
    await waitFor(async () => (await call(url, `/v1/onboardings/${id}`)).body.step === 'sender_activation');
    const stream = await fetch(new URL(`/v1/onboardings/${id}/events`, url), {
      headers: { authorization: `Bearer ${token}` },
    });
    const streamEnded = stream.text().then(
      () => 'ended',
      () => 'ended',
    );
    sandbox.control.setLatency('senders.get', 1_500);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const started = Date.now();
    const exit = await relay.stop('SIGTERM');
    expect(exit.code).toBe(0);
    expect(await streamEnded).toBe('ended');
    expect(Date.now() - started).toBeLessThan(8_000);
    sandbox.control.setLatency('senders.get', 0);
    const [sender] = sandbox.control.state().senders;
    sandbox.control.setSenderState(String(sender?.sender.id), 'ACTIVE');
    const again = track(new RelayChild(env));
    const url2 = await again.start();
    await waitCompleted(url2, id);
    expect(sinchCounts()).toEqual({ subprojects: 1, senders: 1, apps: 1 });
    await again.stop('SIGTERM');
  });

  const crashPoints = [
    { step: 'subproject', operation: 'subprojects.create', created: () => sinchCounts().subprojects > 0 },
    { step: 'sender', operation: 'senders.create', created: () => sinchCounts().senders > 0 },
    { step: 'app', operation: 'apps.create', created: () => sinchCounts().apps > 0 },
  ];
  for (const point of crashPoints) {
    it(`resumes after SIGKILL with the ${point.step} create in flight, creating nothing twice`, async () => {
      const env = await relayEnv(`sqlite:${join(dataDir, `crash-${point.step}.db`)}`);
      const first = track(new RelayChild(env));
      const url = await first.start();
      const token = await sessionToken(url, `crash-${point.step}`);
      // The call reaches Sinch and takes effect, but its answer is held back until after the crash.
      sandbox.control.injectFault({ operation: point.operation, delayMs: 30_000, commit: true });
      const created = await call(url, '/v1/onboardings', {
        method: 'POST',
        token,
        body: onboardingBody('9100'),
      });
      await waitFor(point.created, { timeoutMs: 10_000, what: `${point.operation} to take effect` });
      await first.stop('SIGKILL');
      sandbox.control.clearFaults();
      const second = track(new RelayChild(env));
      const again = await second.start();
      await waitCompleted(again, String(created.body.id));
      expect(sinchCounts()).toEqual({ subprojects: 1, senders: 1, apps: 1 });
      await second.stop('SIGTERM');
    });
  }

  it('resumes by polling after SIGKILL while waiting for activation (the callback went nowhere)', async () => {
    sandbox.control.setActivationDelay(1_500);
    const env = await relayEnv(`sqlite:${join(dataDir, 'crash-activation.db')}`);
    const first = track(new RelayChild(env));
    const url = await first.start();
    const token = await sessionToken(url, 'crash-activation');
    const created = await call(url, '/v1/onboardings', {
      method: 'POST',
      token,
      body: onboardingBody('9200'),
    });
    const id = String(created.body.id);
    await waitFor(async () => (await call(url, `/v1/onboardings/${id}`)).body.step === 'sender_activation', {
      what: 'sender_activation',
    });
    await first.stop('SIGKILL');
    const second = track(new RelayChild(env));
    const again = await second.start();
    await waitCompleted(again, id);
    expect(sinchCounts()).toEqual({ subprojects: 1, senders: 1, apps: 1 });
    await second.stop('SIGTERM');
  });
});

describe.runIf(postgresKind)('two relay processes on one Postgres', () => {
  it('complete 50 onboardings with zero duplicates at Sinch', { timeout: 90_000 }, async () => {
    const database = await postgresKind?.create();
    if (!database) return;
    try {
      const a = track(new RelayChild(await relayEnv(database.url, { RELAY_CONCURRENCY: '8' })));
      const b = track(new RelayChild(await relayEnv(database.url, { RELAY_CONCURRENCY: '8' })));
      const [urlA, urlB] = await Promise.all([a.start(), b.start()]);
      const customers = Array.from({ length: 10 }, (_, index) => `pg-customer-${index}`);
      const tokens = new Map<string, string>();
      for (const customer of customers) tokens.set(customer, await sessionToken(urlA, customer));
      const ids = await Promise.all(
        Array.from({ length: 50 }, async (_, index) => {
          const customer = customers[index % customers.length] ?? 'x';
          const wabaId = `77${index % 20}`;
          const created = await call(index % 2 ? urlA : urlB, '/v1/onboardings', {
            method: 'POST',
            token: tokens.get(customer),
            body: onboardingBody(String(500_000 + index), wabaId),
          });
          expect(created.status).toBe(202);
          return String(created.body.id);
        }),
      );
      await Promise.all(ids.map((id, index) => waitCompleted(index % 2 ? urlB : urlA, id, 60_000)));
      const pairs = new Set(
        Array.from({ length: 50 }, (_, index) => `${customers[index % customers.length]}:77${index % 20}`),
      );
      expect(sinchCounts()).toEqual({ subprojects: pairs.size, senders: 50, apps: 50 });
      await Promise.all([a.stop('SIGTERM'), b.stop('SIGTERM')]);
    } finally {
      await database.drop();
    }
  });
});
