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
  /** Every token issued, newest last (kept so that secret-scan tests know what to look for). */
  readonly issued: string[] = [];
  readonly #expired = new Set<string>();

  /** A new token for `keyId`, valid for `lifetimeSeconds`. */
  async issue(keyId: string, lifetimeSeconds: number): Promise<string> {
    const issuedAt = Date.now() / 1000;
    const token = await new SignJWT({ scope: '', client_id: keyId })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer('sinch-sandbox')
      .setSubject(keyId)
      .setJti(randomBytes(12).toString('base64url'))
      .setIssuedAt(Math.floor(issuedAt))
      .setExpirationTime(Math.ceil(issuedAt + lifetimeSeconds)) // never shorter than `expires_in` promises
      .sign(this.#key);
    this.issued.push(token);
    if (this.issued.length > 10_000) this.#expired.delete(this.issued.shift() as string);
    return token;
  }

  /** Makes every token issued so far count as expired. */
  expireAll(): void {
    for (const token of this.issued) this.#expired.add(token);
  }

  /** Forgets issued and expired tokens (old tokens stay valid until their `exp`). */
  forget(): void {
    this.issued.length = 0;
    this.#expired.clear();
  }

  /** Accepts only unexpired tokens this instance issued. */
  async check(token: string): Promise<TokenCheck> {
    try {
      await jwtVerify(token, this.#key, { issuer: 'sinch-sandbox', algorithms: ['HS256'] });
      if (this.#expired.has(token)) return { ok: false, expired: true };
      return { ok: true };
    } catch (error) {
      return { ok: false, expired: error instanceof errors.JWTExpired };
    }
  }
}
