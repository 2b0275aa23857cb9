/**
 * What the workflow does with a failed step (CONTRACT section 6): retryable
 * failures are retried with backoff while the onboarding stays `in_progress`,
 * until the retry budget is spent; permanent ones fail the onboarding at once.
 * @module
 */
import type { OnboardingPatch, OnboardingRow } from '../store/index.js';
import { isSinchFailure } from './ports.js';

/** Timing knobs of the workflow. */
export interface WorkflowTiming {
  /** How long retryable failures of one step are retried before the onboarding fails with `retryable: true`. */
  retryBudgetMs: number;
  pollInitialMs: number;
  pollMaxMs: number;
  activationTimeoutMs: number;
  /** Window after a step starts in which `project_not_found`/`project_not_initialized` count as retryable. */
  subprojectWarmupMs: number;
}

/** Smallest and largest pause between retries of a failed step. */
export const RETRY_BASE_MS = 500;
export const RETRY_MAX_MS = 60_000;

/** Sinch codes a fresh subproject answers with until it is ready (up to 30 s, CONTRACT section 6). */
const FRESH_PROJECT_CODES = new Set(['project_not_found', 'project_not_initialized']);
/**
 * Client codes that resolve by themselves: `reconcile_ambiguous` means another onboarding's sender in the
 * same subproject is not recorded yet (its create is in flight), so looking again shortly settles it.
 */
const TRANSIENT_CODES = new Set(['reconcile_ambiguous']);

/** A failure raised by the relay itself (not by Sinch), with a relay error code. */
export class WorkflowError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly retryable: boolean,
    /** Columns to record along with the failure (e.g. the sender state that caused it). */
    readonly patch: OnboardingPatch = {},
  ) {
    super(message);
    this.name = 'WorkflowError';
  }
}

/** The decision for one failure. */
export type FailureDecision =
  | { kind: 'retry'; delayMs: number; code: string; message: string }
  | { kind: 'fail'; code: string; message: string; retryable: boolean };

/** Full-jitter exponential backoff for retry number `attempt` (1-based), honouring `Retry-After`. */
export function retryDelay(
  attempt: number,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== undefined) return Math.min(Math.max(retryAfterMs, RETRY_BASE_MS), RETRY_MAX_MS);
  const ceiling = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.max(0, attempt - 1));
  return Math.max(RETRY_BASE_MS / 2, Math.floor(random() * ceiling));
}

/** Pause before the next activation poll: grows with the time already waited, between the two bounds. */
export function pollDelay(
  elapsedMs: number,
  timing: Pick<WorkflowTiming, 'pollInitialMs' | 'pollMaxMs'>,
): number {
  return Math.min(timing.pollMaxMs, Math.max(timing.pollInitialMs, Math.floor(elapsedMs / 2)));
}

/** Classifies `error`, thrown while running `row`'s current step at `now`. */
export function decideFailure(
  error: unknown,
  row: Pick<OnboardingRow, 'attempts' | 'failing_since' | 'step_started_at'>,
  now: number,
  timing: WorkflowTiming,
): FailureDecision {
  let code = 'internal_error';
  let message = 'The relay failed unexpectedly; it will try again.';
  let retryable = true;
  let retryAfterMs: number | undefined;
  if (error instanceof WorkflowError) {
    ({ code, message, retryable } = error);
  } else if (isSinchFailure(error)) {
    code = error.code.toLowerCase();
    message = error.message;
    retryable = error.retryable;
    retryAfterMs = error.retryAfterMs;
    if (
      !retryable &&
      FRESH_PROJECT_CODES.has(code) &&
      now - row.step_started_at < timing.subprojectWarmupMs
    ) {
      retryable = true;
    }
    if (TRANSIENT_CODES.has(code)) retryable = true;
  }
  if (!retryable) return { kind: 'fail', code, message, retryable: false };
  const failingSince = row.failing_since ?? now;
  if (now - failingSince >= timing.retryBudgetMs) {
    return {
      kind: 'fail',
      code,
      message: `${message} (retried for ${Math.round((now - failingSince) / 1000)} s)`,
      retryable: true,
    };
  }
  return { kind: 'retry', delayMs: retryDelay(row.attempts + 1, retryAfterMs), code, message };
}
