/**
 * The optional onboarding webhook (`ONBOARDING_WEBHOOK_URL`): when an
 * onboarding this process advanced completes or fails, POST the resource to the
 * ASP's back end, signed like Sinch signs its callbacks
 * (`x-relay-signature: base64(HMAC-SHA256(secret, body.nonce.timestamp))`),
 * retried with exponential backoff.
 * @module
 */
import { createHmac, randomUUID } from 'node:crypto';
import { isFinished } from '@whatsapp-signup/shared';
import type { Logger } from '../observability/logger.js';
import { toOnboarding } from '../store/resource.js';
import type { OnboardingEvents } from './events.js';

/** Delivery attempts per event before giving up (about 8.5 minutes in all). */
export const NOTIFY_ATTEMPTS = 10;

/** Signs `body` for the ASP: the same scheme as Sinch callbacks, with `x-relay-signature*` headers. */
export function signNotification(secret: string, body: string, nonce: string, timestamp: string): string {
  return createHmac('sha256', secret).update(`${body}.${nonce}.${timestamp}`, 'utf8').digest('base64');
}

/** Posts finished onboardings to the ASP. */
export class OnboardingNotifier {
  readonly #options: { url: string; secret: string; events: OnboardingEvents; logger: Logger };
  readonly #pending = new Set<Promise<void>>();
  readonly #sent = new Set<string>();
  #unsubscribe: (() => void) | undefined;
  #stopping = false;

  constructor(options: { url: string; secret: string; events: OnboardingEvents; logger: Logger }) {
    this.#options = options;
  }

  /** Starts listening for finished onboardings. */
  start(): void {
    this.#unsubscribe = this.#options.events.subscribe((row) => {
      const resource = toOnboarding(row);
      const key = `${row.id}:${row.version}`;
      if (!isFinished(resource) || this.#sent.has(key)) return;
      this.#sent.add(key);
      const delivery = this.#deliver(JSON.stringify(resource), row.id).finally(() =>
        this.#pending.delete(delivery),
      );
      this.#pending.add(delivery);
    });
  }

  /** Stops listening; deliveries in flight get one last chance to finish. */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.#unsubscribe?.();
    await Promise.allSettled([...this.#pending]);
  }

  async #deliver(body: string, onboardingId: string): Promise<void> {
    const { url, secret, logger } = this.#options;
    for (let attempt = 1; attempt <= NOTIFY_ATTEMPTS; attempt += 1) {
      const nonce = randomUUID();
      const timestamp = String(Math.floor(Date.now() / 1000));
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-relay-signature': signNotification(secret, body, nonce, timestamp),
            'x-relay-signature-nonce': nonce,
            'x-relay-signature-timestamp': timestamp,
            'x-relay-signature-algorithm': 'HmacSHA256',
          },
          body,
          signal: AbortSignal.timeout(10_000),
        });
        if (response.ok) return;
        logger.warn({ onboardingId, status: response.status, attempt }, 'onboarding webhook refused');
      } catch (error) {
        logger.warn(
          { onboardingId, attempt, reason: (error as Error).message },
          'onboarding webhook unreachable',
        );
      }
      if (this.#stopping) return;
      await new Promise((resolve) => setTimeout(resolve, Math.min(60_000, 500 * 2 ** attempt)).unref());
    }
    logger.error({ onboardingId }, 'onboarding webhook gave up');
  }
}
