/**
 * Who is calling: the ASP back end (admin token) or a customer (session token).
 * Resolved once per request from `Authorization: Bearer …` (or `?token=` where
 * an `EventSource` cannot send headers).
 * @module
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { ApiError, unauthorized } from '../http/errors.js';
import type { CustomerSession, SessionTokens } from './session-tokens.js';

/** The caller of a request. */
export type Principal = { kind: 'admin' } | { kind: 'customer'; session: CustomerSession };

/** Compares two secrets in constant time (hashing first so lengths leak nothing either). */
export function secretsEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** The bearer token of `c`, from the header or, when `allowQuery`, from `?token=`. */
export function bearerToken(c: Context, allowQuery = false): string | undefined {
  const header = c.req.header('authorization');
  if (header !== undefined) {
    const match = /^Bearer[ ]+([^\s]+)\s*$/i.exec(header);
    return match?.[1];
  }
  if (allowQuery) {
    const token = c.req.query('token');
    if (token) return token;
  }
  return undefined;
}

/** Resolves principals from tokens. */
export class Authenticator {
  constructor(
    private readonly adminToken: string,
    private readonly sessions: SessionTokens,
  ) {}

  /**
   * The caller of `c`.
   * @throws {ApiError} 401 when the token is missing or invalid.
   */
  async principal(c: Context, options: { allowQuery?: boolean } = {}): Promise<Principal> {
    const token = bearerToken(c, options.allowQuery);
    if (!token) throw unauthorized();
    if (secretsEqual(token, this.adminToken)) return { kind: 'admin' };
    try {
      return { kind: 'customer', session: await this.sessions.verify(token) };
    } catch {
      throw unauthorized('The session token is invalid or expired.');
    }
  }

  /** Requires the admin token: 401 without a valid token, 403 for a session token. */
  async admin(c: Context): Promise<void> {
    const principal = await this.principal(c);
    if (principal.kind !== 'admin') {
      throw new ApiError(403, 'forbidden', 'This endpoint needs the admin token, not a session token.');
    }
  }

  /** Requires a session token: 401 without a valid token, 403 for the admin token. */
  async customer(c: Context, options: { allowQuery?: boolean } = {}): Promise<CustomerSession> {
    const principal = await this.principal(c, options);
    if (principal.kind !== 'customer') {
      throw new ApiError(403, 'forbidden', 'This endpoint acts for a customer: use a session token.');
    }
    return principal.session;
  }
}
