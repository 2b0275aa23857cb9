/**
 * Structured JSON logs (pino), one object per line, with every secret-bearing
 * field redacted wherever it appears.
 * @module
 */
import { type DestinationStream, type Logger, pino } from 'pino';

export type { Logger } from 'pino';

/** Field names whose values are secrets, at any of the first three levels of a log object. */
const SECRET_KEYS = [
  'authorization',
  'Authorization',
  'token',
  'accessToken',
  'access_token',
  'bearerToken',
  'secret',
  'keySecret',
  'sessionSecret',
  'adminToken',
  'webhookSecret',
  'password',
  'cookie',
  'code',
  'x-sinch-webhook-signature',
  'static_bearer',
];

/** Redaction paths for {@link SECRET_KEYS} at depths 0–3. */
export const REDACT_PATHS = SECRET_KEYS.flatMap((key) => {
  const quoted = /^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`;
  const join = (prefix: string) => (quoted.startsWith('[') ? `${prefix}${quoted}` : `${prefix}.${quoted}`);
  return [quoted.startsWith('[') ? quoted.slice(2, -2) : quoted, join('*'), join('*.*'), join('*.*.*')];
});

/** A logger writing JSON lines to `destination` (stdout by default). */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'whatsapp-signup-relay' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}
