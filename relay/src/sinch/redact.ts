/**
 * Redaction of secrets before anything reaches a log line or an error message.
 * @module
 */

/** What replaces a secret value. */
export const REDACTED = '[REDACTED]';

/** Keys whose values are always secret, whatever they hold (case-insensitive, `_`/`-` ignored). */
const SECRET_KEY =
  /^(authorization|accesstoken|token|bearertoken|secret|keysecret|password|clientsecret|callbacksecret)$/i;

/** True when an object key names a secret value. */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key.replace(/[_-]/g, ''));
}

/**
 * A set of secret strings the client has seen (key secret, access tokens, sender bearer tokens), so that
 * they can be scrubbed wherever they appear, even inside free text echoed back by Sinch.
 */
export class SecretSet {
  readonly #values = new Set<string>();
  /** The most recently added secrets are kept; old access tokens eventually fall out. */
  readonly #limit: number;

  constructor(limit = 1_000) {
    this.#limit = limit;
  }

  /** Remembers `value` as a secret (ignores short strings, which would over-redact). */
  add(value: string | undefined): void {
    if (!value || value.length < 6) return;
    this.#values.delete(value);
    this.#values.add(value);
    if (this.#values.size > this.#limit) {
      const oldest = this.#values.values().next().value;
      if (oldest !== undefined) this.#values.delete(oldest);
    }
  }

  /** Replaces every known secret (and its Basic-auth encodings are covered by key-based redaction) in `text`. */
  scrub(text: string): string {
    let out = text;
    for (const secret of this.#values) {
      if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    }
    return out;
  }
}

/**
 * Deep copy of `value` with secret-named keys replaced by {@link REDACTED} and every known secret scrubbed
 * from strings. Cycles and depth beyond 8 are cut.
 */
export function redact(value: unknown, secrets?: SecretSet, depth = 0): unknown {
  if (typeof value === 'string') return secrets ? secrets.scrub(value) : value;
  if (value === null || typeof value !== 'object') return value;
  if (depth > 8) return '[…]';
  if (value instanceof Error) {
    return { name: value.name, message: redact(value.message, secrets, depth + 1) };
  }
  if (Array.isArray(value)) return value.map((item) => redact(item, secrets, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] =
      isSecretKey(key) && item !== undefined && item !== null ? REDACTED : redact(item, secrets, depth + 1);
  }
  return out;
}
