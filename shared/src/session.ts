/**
 * Session token claims (CONTRACT section 4).
 *
 * A session token is an HS256 JWT minted by the ASP back end (or by the relay's
 * `POST /v1/sessions`) and handed to the widget. These are the claims the relay
 * accepts; signature, algorithm and expiry are checked by the relay's JWT library.
 * @module
 */
import { z } from 'zod';
import { LabelsSchema, MAX_SESSION_TTL_SECONDS } from './api.js';

/** Clock skew tolerated when checking `exp`, `iat` and `nbf`. */
export const SESSION_CLOCK_SKEW_SECONDS = 30;

/**
 * The claims of a session token. Other registered claims (`nbf`, `jti`, `iss`, …)
 * are tolerated and ignored.
 */
export const SessionClaimsSchema = z
  .looseObject({
    /** The ASP's own customer ID. */
    sub: z.string().min(1).max(255),
    exp: z.int().positive(),
    iat: z.int().positive().optional(),
    /** The customer's business name, used as the subproject `displayName`; defaults to `sub`. */
    name: z.string().min(1).max(255).optional(),
    labels: LabelsSchema.optional(),
  })
  .refine((claims) => claims.iat === undefined || claims.exp - claims.iat <= MAX_SESSION_TTL_SECONDS, {
    message: `exp may be at most ${MAX_SESSION_TTL_SECONDS} s after iat`,
    path: ['exp'],
  });
export type SessionClaims = z.infer<typeof SessionClaimsSchema>;

/**
 * Checks the lifetime rule that needs the current time: without `iat`, `exp` may be
 * at most 24 h (plus skew) from now.
 */
export function lifetimeWithinLimit(claims: Pick<SessionClaims, 'exp' | 'iat'>, nowSeconds: number): boolean {
  if (claims.iat !== undefined) return claims.exp - claims.iat <= MAX_SESSION_TTL_SECONDS;
  return claims.exp - nowSeconds <= MAX_SESSION_TTL_SECONDS + SESSION_CLOCK_SKEW_SECONDS;
}
