import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DemoStack, type DemoStackOptions, startDemoStack } from '../../demo/server/stack.js';
import { ensureBuilt } from './build-check.js';

/** The demo stack as the e2e tests run it, with the relay's output kept for failure reports. */
export interface E2EStack extends DemoStack {
  /** Every line the relay printed, in order (its JSON request log). */
  relayLines: string[];
}

/** Relay timings shortened for tests; the relay's defaults suit production, not a 5-minute suite. */
const FAST_RELAY = {
  RELAY_POLL_INITIAL_MS: '250',
  RELAY_POLL_MAX_MS: '1000',
  RELAY_RUNNER_INTERVAL_MS: '100',
  RELAY_SHUTDOWN_GRACE_MS: '2000',
};

/**
 * Starts the real demo stack for a test file: the Sinch and Meta sandboxes in
 * process, the built relay as a child process on a throw-away SQLite database, and
 * the demo site, all over real HTTP on loopback. Never reads real credentials.
 */
export async function startE2EStack(
  options: Omit<DemoStackOptions, 'dataDir' | 'env' | 'onRelayLine'> = {},
): Promise<E2EStack> {
  await ensureBuilt();
  const dataDir = mkdtempSync(join(tmpdir(), 'whatsapp-signup-e2e-'));
  const relayLines: string[] = [];
  const stack = await startDemoStack({
    activationMs: 400,
    ...options,
    relayEnv: { ...FAST_RELAY, ...options.relayEnv },
    dataDir,
    env: {},
    onRelayLine: (line) => relayLines.push(line),
  }).catch((error: unknown) => {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  });
  return {
    ...stack,
    relayLines,
    close: async () => {
      await stack.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A customer ID no other test uses, so that onboardings never collide. */
export function uniqueCustomer(label: string): string {
  return `e2e-${label}-${Math.random().toString(36).slice(2, 8)}`;
}
