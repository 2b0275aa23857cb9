/**
 * The typed error every Sinch call fails with, and how an HTTP answer becomes one.
 * @module
 */
import { redact, type SecretSet } from './redact.js';

/** HTTP statuses after which the same call may succeed if repeated. */
const RETRYABLE_STATUSES = new Set([429, 500, 502, 503, 504]);

/** Options of {@link SinchError}. */
export interface SinchErrorInit {
  operation: string;
  status?: number | undefined;
  code: string;
  message: string;
  retryable?: boolean | undefined;
  additionalInformation?: unknown;
  retryAfterMs?: number | undefined;
  cause?: unknown;
}

/**
 * A failed Sinch call. `code` is Sinch's own code in lower case (`errorCode` of Provisioning, `error.status`
 * of Subprojects/Conversation), else `network_error`, `timeout`, `invalid_response` or `http_<status>`.
 * Never carries a secret: messages and `additionalInformation` are redacted before construction.
 */
export class SinchError extends Error {
  /** The client operation, e.g. `senders.create`. */
  readonly operation: string;
  /** HTTP status; undefined for network errors and timeouts. */
  readonly status: number | undefined;
  /** Sinch's code in lower case, or one of the client's own codes. */
  readonly code: string;
  /** True for 429, 500, 502, 503, 504, network errors and timeouts (and fresh-project errors, see docs). */
  readonly retryable: boolean;
  /** Sinch's `additionalInformation` (Provisioning) or `details` (Subprojects/Conversation). */
  readonly additionalInformation?: unknown;
  /** The server's `Retry-After`, in milliseconds, when it sent one. */
  readonly retryAfterMs?: number;

  constructor(init: SinchErrorInit) {
    super(
      `Sinch ${init.operation} failed: ${init.message}`,
      init.cause === undefined ? undefined : { cause: init.cause },
    );
    this.name = 'SinchError';
    this.operation = init.operation;
    this.status = init.status;
    this.code = init.code;
    this.retryable = init.retryable ?? (init.status === undefined || RETRYABLE_STATUSES.has(init.status));
    if (init.additionalInformation !== undefined) this.additionalInformation = init.additionalInformation;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
  }

  /** A log-safe plain object (no stack, no cause). */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      operation: this.operation,
      status: this.status,
      code: this.code,
      retryable: this.retryable,
      message: this.message,
      ...(this.additionalInformation === undefined
        ? {}
        : { additionalInformation: this.additionalInformation }),
      ...(this.retryAfterMs === undefined ? {} : { retryAfterMs: this.retryAfterMs }),
    };
  }
}

/** True when `status` is one the client retries. */
export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUSES.has(status);
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/**
 * Builds the error for a non-2xx answer from whatever body shape it has: PAPI
 * `{errorCode, message, resolution, additionalInformation}`, Google-RPC `{error:{code,message,status,details}}`,
 * OAuth `{error, error_description}`, problem `{type, title, detail}`, or anything else.
 */
export function errorFromResponse(input: {
  operation: string;
  status: number;
  body: unknown;
  retryAfterMs?: number | undefined;
  secrets?: SecretSet | undefined;
}): SinchError {
  const { operation, status, secrets } = input;
  const body = asRecord(input.body);
  let code: string | undefined;
  let message: string | undefined;
  let additionalInformation: unknown;
  if (body && typeof body.errorCode === 'string') {
    code = body.errorCode;
    message = [body.message, body.resolution].filter((part) => typeof part === 'string').join(' ');
    additionalInformation = body.additionalInformation;
  } else if (body && asRecord(body.error)) {
    const error = asRecord(body.error) as Record<string, unknown>;
    if (typeof error.status === 'string') code = error.status;
    if (typeof error.message === 'string') message = error.message;
    if (Array.isArray(error.details) && error.details.length > 0) additionalInformation = error.details;
  } else if (body && typeof body.error === 'string') {
    code = body.error;
    if (typeof body.error_description === 'string') message = body.error_description;
  } else if (body && typeof body.title === 'string') {
    if (typeof body.type === 'string') code = body.type.split('/').pop();
    message = [body.title, body.detail].filter((part) => typeof part === 'string').join(': ');
  }
  const safeMessage = redact(message || `HTTP ${status}`, secrets) as string;
  return new SinchError({
    operation,
    status,
    code: code ? code.toLowerCase() : `http_${status}`,
    message: safeMessage,
    additionalInformation:
      additionalInformation === undefined ? undefined : redact(additionalInformation, secrets),
    retryAfterMs: input.retryAfterMs,
  });
}
