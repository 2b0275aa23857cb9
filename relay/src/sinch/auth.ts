/**
 * Credentials for Sinch calls: OAuth2 client-credentials tokens (cached, refreshed by one shared request)
 * or Basic auth (testing only).
 * @module
 */
import { backoffDelay, type RetryPolicy, sleep } from './backoff.js';
import { SinchError } from './errors.js';
import type { SinchLogger } from './logger.js';
import type { SecretSet } from './redact.js';
import { TokenResponseSchema } from './schemas.js';
import type { HttpResponse, Transport } from './transport.js';

/** Refresh this long before the token expires (Sinch's SDKs use 60 s). */
const EXPIRY_MARGIN_MS = 60_000;
/** Lifetime assumed when the answer has neither `expires_in` nor a JWT `exp`. */
const FALLBACK_LIFETIME_MS = 300_000;

/** Supplies the `Authorization` header of every Sinch call. */
export interface Credentials {
  /** The header value to send now. */
  authorization(): Promise<string>;
  /**
   * Called after a 401 that says the token expired: drops `authorization` if it is still the cached one.
   * Returns true when a fresh credential can be tried (OAuth), false when retrying is pointless (Basic).
   */
  invalidate(authorization: string): boolean;
}

/** `Basic base64(keyId:keySecret)`. */
export function basicAuthorization(keyId: string, keySecret: string): string {
  return `Basic ${Buffer.from(`${keyId}:${keySecret}`, 'utf8').toString('base64')}`;
}

/** Basic auth on every call. Logs one warning, as Sinch rate-limits it heavily and means it for testing. */
export class BasicCredentials implements Credentials {
  readonly #header: string;

  constructor(keyId: string, keySecret: string, logger: SinchLogger, secrets: SecretSet) {
    this.#header = basicAuthorization(keyId, keySecret);
    secrets.add(this.#header.slice('Basic '.length));
    logger.warn(
      { auth: 'basic' },
      'SINCH_AUTH=basic: Basic auth is for testing only (Sinch rate-limits it heavily); use oauth in production',
    );
  }

  authorization(): Promise<string> {
    return Promise.resolve(this.#header);
  }

  invalidate(): boolean {
    return false;
  }
}

/** Milliseconds since epoch at which the JWT expires, from its `exp` claim; undefined when not a JWT. */
export function jwtExpiry(token: string): number | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof claims.exp === 'number' ? claims.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

interface CachedToken {
  header: string;
  refreshAt: number;
}

/** OAuth2 client credentials against `authUrl`, with a cache and single-flight refresh. */
export class OAuthCredentials implements Credentials {
  readonly #authUrl: URL;
  readonly #basic: string;
  readonly #transport: Transport;
  readonly #retry: RetryPolicy;
  readonly #logger: SinchLogger;
  readonly #secrets: SecretSet;
  readonly #onResponse: (
    status: number | undefined,
    durationMs: number,
    ok: boolean,
    retryable: boolean,
  ) => void;
  #cached: CachedToken | undefined;
  #inflight: Promise<string> | undefined;

  constructor(options: {
    authUrl: string;
    keyId: string;
    keySecret: string;
    transport: Transport;
    retry: RetryPolicy;
    logger: SinchLogger;
    secrets: SecretSet;
    onResponse: (status: number | undefined, durationMs: number, ok: boolean, retryable: boolean) => void;
  }) {
    this.#authUrl = new URL(options.authUrl);
    this.#basic = basicAuthorization(options.keyId, options.keySecret);
    this.#transport = options.transport;
    this.#retry = options.retry;
    this.#logger = options.logger;
    this.#secrets = options.secrets;
    this.#onResponse = options.onResponse;
    this.#secrets.add(this.#basic.slice('Basic '.length));
  }

  authorization(): Promise<string> {
    const cached = this.#cached;
    if (cached && Date.now() < cached.refreshAt) return Promise.resolve(cached.header);
    // Every caller that arrives while a refresh runs shares it: one token request, however many callers.
    this.#inflight ??= this.#fetchToken().finally(() => {
      this.#inflight = undefined;
    });
    return this.#inflight;
  }

  invalidate(authorization: string): boolean {
    if (this.#cached?.header === authorization) this.#cached = undefined;
    return true;
  }

  async #fetchToken(): Promise<string> {
    for (let attempt = 1; ; attempt++) {
      const started = performance.now();
      let response: HttpResponse;
      try {
        response = await this.#transport.send({
          operation: 'oauth.token',
          method: 'POST',
          url: this.#authUrl,
          headers: {
            authorization: this.#basic,
            'content-type': 'application/x-www-form-urlencoded',
            accept: 'application/json',
          },
          body: 'grant_type=client_credentials',
        });
      } catch (error) {
        this.#onResponse(undefined, performance.now() - started, false, true);
        if (error instanceof SinchError && attempt < this.#retry.maxAttempts) {
          await this.#pause(attempt, error);
          continue;
        }
        throw error;
      }
      const durationMs = performance.now() - started;
      if (response.status >= 200 && response.status < 300) {
        this.#onResponse(response.status, durationMs, true, false);
        return this.#accept(response);
      }
      const error = this.#transport.errorFor('oauth.token', response);
      this.#onResponse(response.status, durationMs, false, error.retryable);
      if (error.retryable && attempt < this.#retry.maxAttempts) {
        await this.#pause(attempt, error);
        continue;
      }
      throw error;
    }
  }

  async #pause(attempt: number, error: SinchError): Promise<void> {
    const delay = backoffDelay(this.#retry, attempt, error.retryAfterMs);
    this.#logger.warn(
      { operation: 'oauth.token', attempt, code: error.code, status: error.status, delayMs: delay },
      'Sinch token request failed; retrying',
    );
    await sleep(delay);
  }

  #accept(response: HttpResponse): string {
    let json: unknown;
    try {
      json = JSON.parse(response.text);
    } catch {
      json = undefined;
    }
    const parsed = TokenResponseSchema.safeParse(json);
    if (!parsed.success || parsed.data.token_type.toLowerCase() !== 'bearer') {
      throw new SinchError({
        operation: 'oauth.token',
        status: response.status,
        code: 'invalid_response',
        message: parsed.success
          ? 'token_type is not Bearer'
          : 'token answer lacks access_token or token_type',
        retryable: false,
      });
    }
    const token = parsed.data.access_token;
    this.#secrets.add(token);
    const now = Date.now();
    const expiresAt =
      parsed.data.expires_in !== undefined
        ? now + parsed.data.expires_in * 1000
        : (jwtExpiry(token) ?? now + FALLBACK_LIFETIME_MS);
    const lifetime = Math.max(0, expiresAt - now);
    // 60 s early, as Sinch's SDKs do; a token that lives under two minutes is refreshed at half its life.
    const margin = Math.min(EXPIRY_MARGIN_MS, lifetime / 2);
    const header = `Bearer ${token}`;
    this.#cached = { header, refreshAt: expiresAt - margin };
    this.#logger.debug({ operation: 'oauth.token', expiresInMs: lifetime }, 'Sinch access token obtained');
    return header;
  }
}

/** True when a 401's `WWW-Authenticate` says the bearer token expired or is invalid. */
export function saysTokenExpired(header: string | string[] | undefined): boolean {
  const value = (Array.isArray(header) ? header.join(',') : (header ?? '')).toLowerCase();
  return value.includes('expired') || value.includes('invalid_token');
}
