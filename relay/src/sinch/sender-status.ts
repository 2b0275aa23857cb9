/**
 * How the relay reads a sender's progress.
 * @module
 */
import type { Sender } from './schemas.js';

/** The sender's `state`, or its `changes.status` while it has no `state`, or null. */
export function senderStatus(sender: Pick<Sender, 'state' | 'changes'>): string | null {
  return sender.state ?? sender.changes?.status ?? null;
}

/** States after which a sender will not become `ACTIVE` by itself. */
const FAILED_STATES = new Set(['ERROR', 'SUSPENDED', 'INACTIVE']);
/** Pending-change statuses that mean Sinch rejected the sender. */
const FAILED_CHANGE_STATUSES = new Set(['ERROR', 'REJECTED']);

/**
 * `active` when `state` is `ACTIVE`; `failed` when `state` is `ERROR`/`SUSPENDED`/`INACTIVE` or
 * `changes.status` is `ERROR`/`REJECTED`; otherwise `pending`.
 */
export function senderOutcome(sender: Pick<Sender, 'state' | 'changes'>): 'active' | 'pending' | 'failed' {
  if (sender.state === 'ACTIVE') return 'active';
  if (sender.state !== undefined && FAILED_STATES.has(sender.state)) return 'failed';
  if (sender.changes && FAILED_CHANGE_STATUSES.has(sender.changes.status)) return 'failed';
  return 'pending';
}
