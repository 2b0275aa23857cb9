/**
 * The logger interface the client takes, and a wrapper that redacts everything it forwards.
 * @module
 */
import { redact, type SecretSet } from './redact.js';

/** The pino-compatible subset the client logs through. */
export interface SinchLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** Wraps `logger` so that every object and message passes through {@link redact} first. */
export function redactingLogger(logger: SinchLogger, secrets: SecretSet): SinchLogger {
  const forward =
    (level: keyof SinchLogger) =>
    (obj: object, msg?: string): void => {
      const safe = redact(obj, secrets) as object;
      if (msg === undefined) logger[level](safe);
      else logger[level](safe, secrets.scrub(msg));
    };
  return { debug: forward('debug'), info: forward('info'), warn: forward('warn'), error: forward('error') };
}
