/**
 * Test harness: a Sinch sandbox on a free port and a client pointed at it through the CONTRACT §3
 * variables, with captured log lines and metrics calls.
 * @module
 */
import {
  type RunningSinchSandbox,
  type SinchSandboxOptions,
  startSinchSandbox,
} from '@whatsapp-signup/sinch-sandbox';
import { createSinchClient, type SinchClient, type SinchClientOptions } from '../client.js';
import type { SinchLogger } from '../logger.js';

/** The key secret every harness uses; tests grep logs for it. */
export const KEY_SECRET = 'sandbox-key-secret-5f1c2a9e';
/** The client's per-call timeout in tests: short, with room for a loaded machine. */
export const TEST_TIMEOUT_MS = 750;
/** A sandbox delay that always exceeds {@link TEST_TIMEOUT_MS}. */
export const SLOW_MS = 1_000;
/** The parent project of every harness. */
export const PARENT_PROJECT = 'parent-project-1';

/** One captured log line. */
export interface LogLine {
  level: string;
  obj: object;
  msg: string | undefined;
}

/** A running sandbox and a client on it. */
export interface Harness {
  sandbox: RunningSinchSandbox;
  client: SinchClient;
  logs: LogLine[];
  calls: Array<Parameters<NonNullable<SinchClientOptions['onCall']>>[0]>;
  /** Another client on the same sandbox, as a relay restarted with empty memory would have. */
  restartedClient(): SinchClient;
  /** Every captured log line as one string, for secret scans. */
  logText(): string;
  close(): Promise<void>;
}

/** Starts a sandbox (fast activation) and a client with short timeouts and delays. */
export async function startHarness(
  options: { client?: Partial<SinchClientOptions>; sandbox?: SinchSandboxOptions } = {},
): Promise<Harness> {
  const sandbox = await startSinchSandbox({ activationMs: 30, templateApprovalMs: 30, ...options.sandbox });
  const logs: LogLine[] = [];
  const capture =
    (level: string) =>
    (obj: object, msg?: string): void => {
      logs.push({ level, obj, msg });
    };
  const logger: SinchLogger = {
    debug: capture('debug'),
    info: capture('info'),
    warn: capture('warn'),
    error: capture('error'),
  };
  const calls: Harness['calls'] = [];
  const makeClient = (): SinchClient =>
    createSinchClient({
      projectId: PARENT_PROJECT,
      keyId: 'sandbox-key-id',
      keySecret: KEY_SECRET,
      auth: 'oauth',
      authUrl: sandbox.env.SINCH_AUTH_URL,
      subprojectUrl: sandbox.env.SINCH_SUBPROJECT_URL,
      provisioningUrl: sandbox.env.SINCH_PROVISIONING_URL,
      conversationUrl: sandbox.env.SINCH_CONVERSATION_URL,
      logger,
      timeoutMs: TEST_TIMEOUT_MS,
      retry: { maxAttempts: 4, baseDelayMs: 5, maxDelayMs: 40 },
      onCall: (call) => calls.push(call),
      ...options.client,
    });
  const client = makeClient();
  const extra: SinchClient[] = [];
  return {
    sandbox,
    client,
    logs,
    calls,
    logText: () =>
      logs.map((line) => `${line.level} ${JSON.stringify(line.obj)} ${line.msg ?? ''}`).join('\n'),
    restartedClient() {
      const another = makeClient();
      extra.push(another);
      return another;
    },
    async close() {
      await Promise.all([client, ...extra].map((each) => each.close()));
      await sandbox.close();
    },
  };
}

/** Polls `check` every 10 ms until it returns a value, or fails after `timeoutMs`. */
export async function waitFor<T>(check: () => Promise<T | undefined>, timeoutMs = 3_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('waitFor timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
