/**
 * Keeps secrets out of the sandbox's request log.
 * @module
 */

const SECRET_KEYS = new Set([
  'secret',
  'token',
  'bearertoken',
  'access_token',
  'accesstoken',
  'password',
  'client_secret',
  'callback_secret',
]);

/** Marker that replaced a secret in the request log. */
export const REDACTED = '[REDACTED]';

/** Deep copy of a JSON value with secret-named string values replaced by {@link REDACTED}. */
export function redactJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactJson);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = SECRET_KEYS.has(key.toLowerCase()) && typeof item === 'string' ? REDACTED : redactJson(item);
  }
  return out;
}
