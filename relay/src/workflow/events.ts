/**
 * In-process notifications of onboarding changes: SSE streams and the
 * onboarding webhook listen here. Changes made by other replicas are picked up
 * by the SSE handler's periodic re-read.
 * @module
 */
import { EventEmitter } from 'node:events';
import type { OnboardingRow } from '../store/index.js';

/** Emits `change` with the new row whenever this process changes an onboarding. */
export class OnboardingEvents {
  readonly #emitter = new EventEmitter();

  constructor() {
    // One listener per open SSE stream: there is no leak to warn about.
    this.#emitter.setMaxListeners(0);
  }

  /** Announces a change. */
  emit(row: OnboardingRow): void {
    this.#emitter.emit('change', row);
  }

  /** Calls `listener` on every change; returns the unsubscribe function. */
  subscribe(listener: (row: OnboardingRow) => void): () => void {
    this.#emitter.on('change', listener);
    return () => this.#emitter.off('change', listener);
  }
}
