import type { Onboarding, OnboardingList, SessionToken } from '@whatsapp-signup/shared/api';
import type { Customer } from './customers.js';

/** A relay answer that was not a success, with the relay's own error code when it gave one. */
export class RelayAdminError extends Error {
  constructor(
    message: string,
    /** HTTP status, or 0 when the relay could not be reached. */
    readonly status: number,
    /** The relay's `error.code`, when the answer had the error envelope. */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'RelayAdminError';
  }
}

/**
 * The demo ASP back end's calls to the relay's admin endpoints. The admin token
 * never leaves the server: the browser only ever sees session tokens.
 */
export class RelayAdminClient {
  constructor(
    private readonly relayUrl: string,
    private readonly adminToken: string,
  ) {}

  /** Mints a session token for `customer` (`POST /v1/sessions`). */
  createSession(customer: Customer, ttlSeconds = 3_600): Promise<SessionToken> {
    return this.#call<SessionToken>('POST', '/v1/sessions', {
      customerId: customer.id,
      displayName: customer.name,
      labels: { asp: 'chirpline-demo' },
      ttlSeconds,
    });
  }

  /** Every onboarding of `customerId`, newest first as the relay lists them, following `nextCursor`. */
  async listOnboardings(customerId: string): Promise<Onboarding[]> {
    const all: Onboarding[] = [];
    let cursor: string | null = null;
    do {
      const query = new URLSearchParams({ customerId, limit: '100' });
      if (cursor) query.set('cursor', cursor);
      const page: OnboardingList = await this.#call<OnboardingList>('GET', `/v1/onboardings?${query}`);
      all.push(...page.onboardings);
      cursor = page.nextCursor;
    } while (cursor && all.length < 1_000);
    return all;
  }

  async #call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(new URL(path, this.relayUrl), {
        method,
        headers: {
          authorization: `Bearer ${this.adminToken}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new RelayAdminError(`relay unreachable: ${reason}`, 0);
    }
    if (response.ok) return (await response.json()) as T;
    const envelope = (await response.json().catch(() => null)) as {
      error?: { code?: string; message?: string };
    } | null;
    throw new RelayAdminError(
      `relay answered ${response.status}: ${envelope?.error?.message ?? response.statusText}`,
      response.status,
      envelope?.error?.code,
    );
  }
}
