/**
 * One HTTP exchange with Sinch over undici: keep-alive connection pools per host, a timeout on every call,
 * JSON in and out, and failures turned into {@link SinchError}s.
 * @module
 */
import { Agent } from 'undici';
import { parseRetryAfter } from './backoff.js';
import { errorFromResponse, SinchError } from './errors.js';
import type { SecretSet } from './redact.js';

/** One request, fully resolved. */
export interface HttpRequest {
  operation: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: URL;
  headers: Record<string, string>;
  /** Already serialised body. */
  body?: string;
}

/** A 2xx or non-2xx answer with its text body. */
export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** Network failures whose request certainly never reached the server. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);

/** Raised (as `cause`) when our own timer aborts a call. */
class CallTimeout extends Error {
  override name = 'CallTimeout';
}

/** Sends requests through one undici `Agent`, which keeps a keep-alive pool per origin. */
export class Transport {
  readonly #agent: Agent;
  readonly #timeoutMs: number;
  readonly #secrets: SecretSet;

  constructor(options: { timeoutMs: number; secrets: SecretSet; connectionsPerHost?: number }) {
    this.#timeoutMs = options.timeoutMs;
    this.#secrets = options.secrets;
    this.#agent = new Agent({
      connections: options.connectionsPerHost ?? 32,
      keepAliveTimeout: 10_000,
      keepAliveMaxTimeout: 60_000,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
    });
  }

  /**
   * Sends `request` and reads the whole answer within the timeout. Resolves with any HTTP answer; rejects
   * only with a {@link SinchError} (`timeout` or `network_error`; `notSent` tells whether the request
   * certainly never reached Sinch).
   */
  async send(request: HttpRequest): Promise<HttpResponse> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new CallTimeout('timeout')), this.#timeoutMs);
    try {
      const response = await this.#agent.request({
        origin: request.url.origin,
        path: `${request.url.pathname}${request.url.search}`,
        method: request.method,
        headers: request.headers,
        body: request.body ?? null,
        signal: controller.signal,
      });
      const text = await response.body.text();
      return { status: response.statusCode, headers: response.headers, text };
    } catch (error) {
      throw this.#networkError(request.operation, error, controller.signal);
    } finally {
      clearTimeout(timer);
    }
  }

  #networkError(operation: string, error: unknown, signal: AbortSignal): SinchError {
    const code = (error as { code?: unknown } | null)?.code;
    const timedOut =
      (signal.aborted && signal.reason instanceof CallTimeout) ||
      code === 'UND_ERR_HEADERS_TIMEOUT' ||
      code === 'UND_ERR_BODY_TIMEOUT';
    const detail = typeof code === 'string' ? code : error instanceof Error ? error.name : 'unknown';
    const failure = new SinchError({
      operation,
      code: timedOut ? 'timeout' : 'network_error',
      message: timedOut ? `no answer within ${this.#timeoutMs} ms` : `connection failed (${detail})`,
      retryable: true,
    });
    (failure as { notSent?: boolean }).notSent =
      !timedOut && typeof code === 'string' && NOT_SENT_CODES.has(code);
    return failure;
  }

  /** Turns a non-2xx answer into a {@link SinchError}, keeping Sinch's code and `Retry-After`. */
  errorFor(operation: string, response: HttpResponse): SinchError {
    let body: unknown;
    try {
      body = response.text ? JSON.parse(response.text) : undefined;
    } catch {
      body = undefined;
    }
    return errorFromResponse({
      operation,
      status: response.status,
      body,
      retryAfterMs: parseRetryAfter(response.headers['retry-after']),
      secrets: this.#secrets,
    });
  }

  /** Closes every pooled connection. */
  close(): Promise<void> {
    return this.#agent.close();
  }
}

/** True when a transport failure certainly happened before the request reached the server. */
export function wasNotSent(error: SinchError): boolean {
  return (error as { notSent?: boolean }).notSent === true;
}
