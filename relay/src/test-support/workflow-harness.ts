/** A store, a fake Sinch and one or more runners wired together, with short timings for tests. */
import { pino } from 'pino';
import type { NewOnboarding, OnboardingRow, Store } from '../store/index.js';
import { WorkflowEngine } from '../workflow/engine.js';
import { OnboardingEvents } from '../workflow/events.js';
import type { WorkflowTiming } from '../workflow/policy.js';
import { WorkflowRunner } from '../workflow/runner.js';
import type { FakeSinch } from './fake-sinch.js';
import { waitFor } from './wait.js';

/** Timings that make a test run in milliseconds. */
export const FAST_TIMING: WorkflowTiming = {
  retryBudgetMs: 2_000,
  pollInitialMs: 20,
  pollMaxMs: 50,
  activationTimeoutMs: 60_000,
  subprojectWarmupMs: 1_000,
};

/** Options of {@link startRunner}. */
export interface HarnessOptions {
  timing?: Partial<WorkflowTiming>;
  leaseMs?: number;
  webhook?: { target: string; secret: string };
  concurrency?: number;
}

/** Starts a runner over `store` and `sinch`. */
export function startRunner(store: Store, sinch: FakeSinch, options: HarnessOptions = {}) {
  const events = new OnboardingEvents();
  const logger = pino({ level: 'silent' });
  const leaseMs = options.leaseMs ?? 2_000;
  const engine = new WorkflowEngine({
    store,
    sinch,
    events,
    logger,
    timing: { ...FAST_TIMING, ...options.timing },
    leaseMs,
    webhook: options.webhook,
  });
  const runner = new WorkflowRunner({
    store,
    engine,
    logger,
    leaseMs,
    intervalMs: 20,
    concurrency: options.concurrency ?? 16,
  });
  runner.start();
  return { runner, engine, events };
}

let sequence = 0;
/** A new onboarding input for `customer`. */
export function onboardingInput(overrides: Partial<NewOnboarding> = {}): NewOnboarding {
  sequence += 1;
  return {
    id: `onb-${Date.now().toString(36)}-${sequence}`,
    customer_id: 'customer-1',
    waba_id: '5550001',
    phone_number_id: `${7_000_000 + sequence}`,
    region: 'EU',
    meta_local_storage: 'DE',
    business_id: null,
    finish_event: 'FINISH',
    display_name: 'Customer One',
    labels: JSON.stringify({ plan: 'gold' }),
    ...overrides,
  };
}

/** Waits until onboarding `id` is no longer in progress. */
export function waitFinished(store: Store, id: string, timeoutMs = 10_000): Promise<OnboardingRow> {
  return waitFor(
    async () => {
      const row = await store.getOnboarding(id);
      return row && row.status !== 'in_progress' ? row : undefined;
    },
    { timeoutMs, what: `onboarding ${id} to finish` },
  );
}
