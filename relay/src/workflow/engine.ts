/**
 * Advances one leased onboarding as far as it can go now: runs steps until one
 * has to wait (activation polling, backoff) or the onboarding finishes, records
 * every outcome under the lease, then gives the lease back.
 * @module
 */
import type { Logger } from '../observability/logger.js';
import type { OnboardingPatch, OnboardingRow, Store } from '../store/index.js';
import { toOnboarding } from '../store/resource.js';
import type { OnboardingEvents } from './events.js';
import { decideFailure, WorkflowError, type WorkflowTiming } from './policy.js';
import type { SinchPort } from './ports.js';
import { runStep, type StepContext, type StepOutcome } from './steps.js';

/** Thrown inside a step when this process lost the lease: stop without calling Sinch. */
class LeaseLostError extends Error {
  constructor() {
    super('lease lost');
    this.name = 'LeaseLostError';
  }
}

/** What the engine needs. */
export interface WorkflowDeps {
  store: Store;
  sinch: SinchPort;
  events: OnboardingEvents;
  logger: Logger;
  timing: WorkflowTiming;
  leaseMs: number;
  webhook?: { target: string; secret: string } | undefined;
  now?: () => number;
  /** When set, finishing an onboarding also queues its webhook delivery, in the same transaction. */
  notifyOnFinish?: boolean;
  /** Called once per finished step attempt (metrics). */
  onStep?: (
    step: string,
    outcome: 'advanced' | 'waiting' | 'retrying' | 'completed' | 'failed',
    ms: number,
  ) => void;
}

/** Runs onboardings' steps under a lease. */
export class WorkflowEngine {
  readonly #deps: WorkflowDeps;
  readonly #now: () => number;

  constructor(deps: WorkflowDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? Date.now;
  }

  /**
   * Advances `claimed` (leased to `owner`) until it waits or finishes, or until
   * `shouldStop()` turns true between steps.
   * @returns when the onboarding is next due, or `undefined` when it finished or the lease was lost.
   */
  async process(
    claimed: OnboardingRow,
    owner: string,
    shouldStop: () => boolean = () => false,
  ): Promise<number | undefined> {
    const { store, events, logger } = this.#deps;
    const log = logger.child({ onboardingId: claimed.id });
    // The signal seen at claim time: a callback or retry bumping it later makes the release due at once.
    const seenSignal = claimed.signal;
    let current = claimed;
    for (;;) {
      if (current.status !== 'in_progress') {
        await store.releaseLease(current.id, owner, this.#now(), seenSignal, this.#now());
        return undefined;
      }
      if (shouldStop()) {
        return store.releaseLease(current.id, owner, this.#now(), seenSignal, this.#now());
      }
      const started = this.#now();
      let outcome: StepOutcome;
      let result: 'advanced' | 'waiting' | 'retrying' | 'completed' | 'failed';
      try {
        outcome = await runStep(this.#context(current, owner), current);
        result = outcome.kind === 'advance' ? 'advanced' : outcome.kind === 'wait' ? 'waiting' : 'completed';
        if (outcome.kind !== 'wait' || current.attempts > 0) {
          outcome = {
            ...outcome,
            patch: { ...outcome.patch, attempts: 0, failing_since: null },
          } as StepOutcome;
        }
      } catch (error) {
        if (error instanceof LeaseLostError) {
          log.warn({ step: current.step }, 'lease lost; another replica continues this onboarding');
          return undefined;
        }
        const now = this.#now();
        const decision = decideFailure(error, current, now, this.#deps.timing);
        const extra = error instanceof WorkflowError ? error.patch : {};
        log.warn(
          {
            step: current.step,
            code: decision.code,
            decision: decision.kind,
            attempts: current.attempts + 1,
          },
          `step ${current.step} failed: ${decision.message}`,
        );
        if (decision.kind === 'retry') {
          result = 'retrying';
          outcome = {
            kind: 'wait',
            delayMs: decision.delayMs,
            patch: { ...extra, attempts: current.attempts + 1, failing_since: current.failing_since ?? now },
          };
        } else {
          result = 'failed';
          outcome = {
            kind: 'finish',
            patch: {
              ...extra,
              status: 'failed',
              error_code: decision.code,
              error_message: decision.message,
              error_retryable: decision.retryable ? 1 : 0,
              error_step: current.step,
            },
          };
        }
      }
      this.#deps.onStep?.(current.step, result, this.#now() - started);
      const patch = changedFields(current, outcome.patch ?? {});
      if (Object.keys(patch).length > 0) {
        const updated =
          outcome.kind === 'finish' && this.#deps.notifyOnFinish
            ? await store.updateLeasedAndNotify(current.id, owner, patch, this.#now(), (row) =>
                JSON.stringify(toOnboarding(row)),
              )
            : await store.updateLeased(current.id, owner, patch, this.#now());
        if (!updated) {
          log.warn({ step: current.step }, 'lease lost before recording a step; another replica continues');
          return undefined;
        }
        if (updated.step !== current.step || updated.status !== current.status) {
          log.info({ step: updated.step, status: updated.status }, 'onboarding advanced');
        }
        current = updated;
        events.emit(updated);
      }
      if (outcome.kind === 'advance') continue;
      const nextRunAt = outcome.kind === 'wait' ? this.#now() + outcome.delayMs : this.#now();
      const written = await store.releaseLease(current.id, owner, nextRunAt, seenSignal, this.#now());
      return current.status === 'in_progress' ? written : undefined;
    }
  }

  #context(row: OnboardingRow, owner: string): StepContext {
    const { store, sinch, timing, leaseMs, webhook } = this.#deps;
    return {
      store,
      sinch,
      timing,
      leaseMs,
      webhook,
      now: this.#now,
      markCallStarted: async (step) => {
        if (row.call_started === step) return;
        const updated = await store.updateLeased(row.id, owner, { call_started: step }, this.#now());
        if (!updated) throw new LeaseLostError();
        // The step's own row object is the engine's `current`: keep it in step with the database.
        Object.assign(row, updated);
      },
    };
  }
}

/** The entries of `patch` that differ from `row`. */
function changedFields(row: OnboardingRow, patch: OnboardingPatch): OnboardingPatch {
  const changed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch)) {
    if (value !== undefined && row[key as keyof OnboardingRow] !== value) changed[key] = value;
  }
  return changed as OnboardingPatch;
}
