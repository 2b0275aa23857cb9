/**
 * Session tokens (CONTRACT sections 4 and 6): HS256 JWTs signed with
 * `RELAY_SESSION_SECRET`, minted by the ASP back end (or `POST /v1/sessions`)
 * and verified on every customer request.
 * @module
 */
import {
  DEFAULT_SESSION_TTL_SECONDS,
  lifetimeWithinLimit,
  SESSION_CLOCK_SKEW_SECONDS,
  type SessionClaims,
  SessionClaimsSchema,
} from '@whatsapp-signup/shared';
import { jwtVerify, SignJWT } from 'jose';

/** The verified identity behind a session token. */
export interface CustomerSession {
  customerId: string;
  /** Subproject `displayName`: the `name` claim, else `sub`. */
  displayName: string;
  labels: Record<string, string>;
  expiresAt: number;
}

/** Why a token was refused (for logs; the answer is always a plain 401). */
export class InvalidSessionToken extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'InvalidSessionToken';
  }
}

/** Verifies and mints session tokens with one secret. */
export class SessionTokens {
  readonly #key: Uint8Array;

  constructor(secret: string) {
    // The raw UTF-8 bytes of the string, as JWT libraries do with a string secret (CONTRACT section 6).
    this.#key = new TextEncoder().encode(secret);
  }

  /**
   * Verifies `token`: HS256 only, `sub` and `exp` required, small clock skew,
   * lifetime at most 24 h, claims within Sinch's limits.
   * @throws {InvalidSessionToken}
   */
  async verify(token: string, nowSeconds = Math.floor(Date.now() / 1000)): Promise<CustomerSession> {
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, this.#key, {
        algorithms: ['HS256'],
        requiredClaims: ['sub', 'exp'],
        clockTolerance: SESSION_CLOCK_SKEW_SECONDS,
        currentDate: new Date(nowSeconds * 1000),
      }));
    } catch (error) {
      throw new InvalidSessionToken(error instanceof Error ? error.message : 'invalid token');
    }
    const parsed = SessionClaimsSchema.safeParse(payload);
    if (!parsed.success)
      throw new InvalidSessionToken(`claims: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    const claims: SessionClaims = parsed.data;
    if (!lifetimeWithinLimit(claims, nowSeconds)) throw new InvalidSessionToken('lifetime over 24 h');
    return {
      customerId: claims.sub,
      displayName: claims.name ?? claims.sub,
      labels: claims.labels ?? {},
      expiresAt: claims.exp,
    };
  }

  /** Mints a token for `customerId` valid for `ttlSeconds`. */
  async mint(input: {
    customerId: string;
    displayName?: string | undefined;
    labels?: Record<string, string> | undefined;
    ttlSeconds?: number | undefined;
    nowSeconds?: number;
  }): Promise<{ token: string; expiresAt: string }> {
    const now = input.nowSeconds ?? Math.floor(Date.now() / 1000);
    const exp = now + (input.ttlSeconds ?? DEFAULT_SESSION_TTL_SECONDS);
    const claims: Record<string, unknown> = {};
    if (input.displayName !== undefined) claims.name = input.displayName;
    if (input.labels !== undefined) claims.labels = input.labels;
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(input.customerId)
      .setIssuedAt(now)
      .setExpirationTime(exp)
      .sign(this.#key);
    return { token, expiresAt: new Date(exp * 1000).toISOString() };
  }
}
