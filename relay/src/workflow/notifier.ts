/**
 * The optional onboarding webhook (`ONBOARDING_WEBHOOK_URL`): when an
 * onboarding completes or fails, POST the resource to the ASP's back end,
 * signed like Sinch signs its callbacks
 * (`x-relay-signature: base64(HMAC-SHA256(secret, body.nonce.timestamp))`).
 * Deliveries come from a database outbox written with the final state, are
 * leased like onboardings (any replica delivers, a dead one's are taken over)
 * and retried with exponential backoff.
 * @module
 */
import { createHmac, randomUUID } from 'node:crypto';
import type { Logger } from '../observability/logger.js';
import type { OnboardingNotificationRow, Store } from '../store/index.js';

/** Delivery attempts before a notification is abandoned (about 17 minutes of retries in all). */
export const NOTIFY_ATTEMPTS = 10;
const NOTIFY_LEASE_MS = 30_000;
const NOTIFY_TIMEOUT_MS = 10_000;

/** Signs `body` for the ASP: the same scheme as Sinch callbacks, with `x-relay-signature*` headers. */
export function signNotification(secret: string, body: string, nonce: string, timestamp: string): string {
  return createHmac('sha256', secret).update(`${body}.${nonce}.${timestamp}`, 'utf8').digest('base64');
}

/** Pause after failed attempt number `attempt` (1-based): 1 s doubling, at most 5 minutes. */
export function notifyBackoffMs(attempt: number): number {
  return Math.min(300_000, 1_000 * 2 ** (attempt - 1));
}

/** Options of {@link OnboardingNotifier}. */
export interface NotifierOptions {
  url: string;
  secret: string;
  store: Store;
  logger: Logger;
  /** The lease owner ID (the runner's). */
  owner: string;
  intervalMs: number;
  now?: () => number;
}

/** Delivers queued onboarding notifications. */
export class OnboardingNotifier {
  readonly #options: NotifierOptions;
  readonly #now: () => number;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #stopping = false;

  constructor(options: NotifierOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  /** Starts delivering. */
  start(): void {
    this.#stopping = false;
    this.#timer = setInterval(() => this.poke(), this.#options.intervalMs);
    this.#timer.unref();
  }

  /** Delivers what is due now (called after an onboarding finishes, and periodically). */
  poke(): void {
    if (this.#stopping || this.#running) return;
    this.#running = this.#pass().finally(() => {
      this.#running = undefined;
    });
  }

  /** Stops; a delivery in flight finishes first. Undelivered notifications stay queued for the next start. */
  async stop(): Promise<void> {
    this.#stopping = true;
    clearInterval(this.#timer);
    await this.#running;
  }

  async #pass(): Promise<void> {
    const { store, owner, logger } = this.#options;
    try {
      const due = await store.claimNotifications(owner, this.#now(), NOTIFY_LEASE_MS, 8);
      await Promise.all(due.map((notification) => this.#deliver(notification)));
    } catch (error) {
      logger.error({ err: error }, 'onboarding webhook pass failed');
    }
  }

  async #deliver(notification: OnboardingNotificationRow): Promise<void> {
    const { url, secret, store, owner, logger } = this.#options;
    const nonce = randomUUID();
    const timestamp = String(Math.floor(this.#now() / 1000));
    const attempt = notification.attempts + 1;
    const log = { onboardingId: notification.onboarding_id, attempt };
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-relay-signature': signNotification(secret, notification.body, nonce, timestamp),
          'x-relay-signature-nonce': nonce,
          'x-relay-signature-timestamp': timestamp,
          'x-relay-signature-algorithm': 'HmacSHA256',
        },
        body: notification.body,
        signal: AbortSignal.timeout(NOTIFY_TIMEOUT_MS),
      });
      if (response.ok) {
        await store.deleteNotification(notification.id, owner);
        return;
      }
      logger.warn({ ...log, status: response.status }, 'onboarding webhook refused');
    } catch (error) {
      logger.warn({ ...log, reason: (error as Error).message }, 'onboarding webhook unreachable');
    }
    if (attempt >= NOTIFY_ATTEMPTS) {
      logger.error(log, 'onboarding webhook gave up');
      await store.deleteNotification(notification.id, owner);
      return;
    }
    await store.rescheduleNotification(
      notification.id,
      owner,
      attempt,
      this.#now() + notifyBackoffMs(attempt),
    );
  }
}
