/**
 * The sandbox's OAuth2 access tokens: HS256 JWTs with `exp`, signed with a key only this instance knows.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';

/** Result of checking a bearer token. */
export type TokenCheck = { ok: true } | { ok: false; expired: boolean };

/** Issues and checks access tokens. */
export class TokenIssuer {
  readonly #key = randomBytes(32);

  /** A new token for `keyId`, valid for `lifetimeSeconds`. */
  async issue(keyId: string, lifetimeSeconds: number): Promise<string> {
    const issuedAt = Date.now() / 1000;
    return new SignJWT({ scope: '', client_id: keyId })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer('sinch-sandbox')
      .setSubject(keyId)
      .setJti(randomBytes(12).toString('base64url'))
      .setIssuedAt(Math.floor(issuedAt))
      .setExpirationTime(Math.floor(issuedAt + lifetimeSeconds))
      .sign(this.#key);
  }

  /** Accepts only unexpired tokens this instance issued after `expiredBeforeMs`. */
  async check(token: string, expiredBeforeMs: number): Promise<TokenCheck> {
    try {
      const { payload } = await jwtVerify(token, this.#key, {
        issuer: 'sinch-sandbox',
        algorithms: ['HS256'],
      });
      if (typeof payload.iat === 'number' && payload.iat * 1000 < expiredBeforeMs)
        return { ok: false, expired: true };
      return { ok: true };
    } catch (error) {
      return { ok: false, expired: error instanceof errors.JWTExpired };
    }
  }
}
