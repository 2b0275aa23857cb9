/**
 * The widget's calls to the relay (CONTRACT section 5 and section 6, "Widget relay
 * calls"): create an onboarding, follow its progress, retry it.
 *
 * The session token travels only in the `Authorization` header; requests carry no
 * cookies. Progress is read from the Server-Sent Events endpoint with `fetch` (so
 * the token stays out of the URL), with polling as the fallback.
 *
 * The stream is parsed by `sse.ts` (about 300 bytes) rather than eventsource-parser
 * (about 1.2 KB gzip in the bundle): the widget reads one event type from one server.
 * @module
 */
import type { CreateOnboardingBody, Onboarding } from '@whatsapp-signup/shared/api';
import { createSseReader } from './sse.js';
import { timings } from './timings.js';

/** The SSE event name the relay uses (`ONBOARDING_SSE_EVENT` in shared/api, copied to keep zod out). */
const ONBOARDING_EVENT = 'onboarding';

/** A relay call failed: `relay-unreachable` (network, timeout) or `relay-rejected` (an HTTP error answer). */
export class RelayError extends Error {
  override name = 'RelayError';
  constructor(
    readonly kind: 'relay-unreachable' | 'relay-rejected',
    message: string,
    readonly retryable: boolean,
    /** The relay's `error.code`, else the HTTP status. */
    readonly code?: string,
  ) {
    super(message);
  }
}

/** Where and as whom to call the relay. */
export interface RelayConnection {
  /** Base URL of the relay, e.g. `https://relay.example.com`. */
  baseUrl: string;
  /** Returns the session token; called before each request. */
  getToken: () => Promise<string>;
  /** Aborting cancels any request in flight. */
  signal: AbortSignal;
}

function isFinished(onboarding: Onboarding): boolean {
  return onboarding.status === 'completed' || onboarding.status === 'failed';
}

/** A light check: the relay validates what it sends; this only rejects what is not a resource at all. */
function isOnboarding(value: unknown): value is Onboarding {
  return typeof (value as Partial<Onboarding> | null)?.id === 'string';
}

async function errorFromResponse(response: Response): Promise<RelayError> {
  const status = response.status;
  // Not the JSON envelope (a proxy's error page, say): keep the status.
  const envelope = (await response.json().catch(() => ({}))) as {
    error?: { code?: string; message?: string };
  };
  return new RelayError(
    'relay-rejected',
    String(envelope.error?.message ?? `HTTP ${status}`),
    status >= 500 || status === 408 || status === 429,
    String(envelope.error?.code ?? status),
  );
}

interface RequestOptions {
  method?: 'GET' | 'POST';
  body?: CreateOnboardingBody;
  idempotencyKey?: string;
  /** For the event stream: no timeout (the stream stays open), `Accept: text/event-stream`. */
  stream?: boolean;
}

/** Sends one request and returns the successful response. */
async function send(connection: RelayConnection, path: string, options: RequestOptions): Promise<Response> {
  let token: string;
  try {
    token = await connection.getToken();
  } catch {
    throw new RelayError('relay-unreachable', 'no session token', true);
  }
  const { signal } = connection;
  signal.throwIfAborted();
  const headers: Record<string, string> = {
    Authorization: `Bearer ${token}`,
    Accept: options.stream ? 'text/event-stream' : 'application/json',
  };
  if (options.body) headers['Content-Type'] = 'application/json';
  if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;
  let response: Response;
  try {
    response = await fetch(`${connection.baseUrl.replace(/\/+$/, '')}${path}`, {
      method: options.method ?? 'GET',
      headers,
      body: options.body && JSON.stringify(options.body),
      credentials: 'omit',
      signal: options.stream
        ? signal
        : AbortSignal.any([signal, AbortSignal.timeout(timings.relayRequestMs)]),
    });
  } catch {
    signal.throwIfAborted();
    throw new RelayError('relay-unreachable', 'network error or timeout', true);
  }
  // An answer that lands after an abort (disconnect, reset) is dropped.
  signal.throwIfAborted();
  if (!response.ok) throw await errorFromResponse(response);
  return response;
}

/** Sends a request whose answer is an onboarding resource. */
async function request(
  connection: RelayConnection,
  path: string,
  options: RequestOptions = {},
): Promise<Onboarding> {
  const response = await send(connection, path, options);
  const body: unknown = await response.json().catch(() => undefined);
  if (!isOnboarding(body)) {
    throw new RelayError('relay-rejected', 'unexpected answer', true);
  }
  return body;
}

/** `POST /v1/onboardings`. The same `idempotencyKey` is re-sent on retry. */
export function createOnboarding(
  connection: RelayConnection,
  body: CreateOnboardingBody,
  idempotencyKey: string,
): Promise<Onboarding> {
  return request(connection, '/v1/onboardings', { method: 'POST', body, idempotencyKey });
}

/** `GET /v1/onboardings/:id`. */
export function getOnboarding(connection: RelayConnection, id: string): Promise<Onboarding> {
  return request(connection, `/v1/onboardings/${encodeURIComponent(id)}`);
}

/** `POST /v1/onboardings/:id/retry`: resumes a failed onboarding. */
export function retryOnboarding(connection: RelayConnection, id: string): Promise<Onboarding> {
  return request(connection, `/v1/onboardings/${encodeURIComponent(id)}/retry`, { method: 'POST' });
}

/**
 * Reads `/v1/onboardings/:id/events` until a finished state arrives.
 * @returns the finished onboarding, or `undefined` when the stream ended early or is unavailable.
 */
async function streamOnboarding(
  connection: RelayConnection,
  id: string,
  onUpdate: (onboarding: Onboarding) => void,
): Promise<Onboarding | undefined> {
  // No deadline on the stream itself: the relay sends a keep-alive comment every 15 s.
  const response = await send(connection, `/v1/onboardings/${encodeURIComponent(id)}/events`, {
    stream: true,
  });
  if (!response.body || !response.headers.get('content-type')?.includes('text/event-stream')) {
    return undefined;
  }
  let finished: Onboarding | undefined;
  const feed = createSseReader((event, data) => {
    if (finished || event !== ONBOARDING_EVENT) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      return;
    }
    if (!isOnboarding(parsed)) return;
    onUpdate(parsed);
    if (isFinished(parsed)) finished = parsed;
  });
  // fetch's signal also aborts the body: a disconnect ends this loop with an AbortError.
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  while (!finished) {
    const { done, value } = await reader.read();
    if (done) break;
    feed(value);
  }
  if (finished) void reader.cancel().catch(() => undefined);
  return finished;
}

/**
 * Follows an onboarding until it is `completed` or `failed`, calling `onUpdate` with
 * every state seen (duplicates included; the caller dedupes). Reads the event
 * stream; when the stream is unavailable or drops, polls `GET /v1/onboardings/:id`.
 * @throws {RelayError} when polling fails three times in a row, or the relay rejects it.
 */
export async function followOnboarding(
  connection: RelayConnection,
  onboarding: Onboarding,
  onUpdate: (onboarding: Onboarding) => void,
): Promise<Onboarding> {
  onUpdate(onboarding);
  if (isFinished(onboarding)) return onboarding;
  try {
    const finished = await streamOnboarding(connection, onboarding.id, onUpdate);
    if (finished) return finished;
  } catch (error) {
    if (connection.signal.aborted) throw error;
    // The stream is optional: fall through to polling.
  }
  let failures = 0;
  for (;;) {
    try {
      const current = await getOnboarding(connection, onboarding.id);
      failures = 0;
      onUpdate(current);
      if (isFinished(current)) return current;
    } catch (error) {
      if (!(error instanceof RelayError) || error.kind === 'relay-rejected' || ++failures >= 3) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, timings.pollMs));
    connection.signal.throwIfAborted();
  }
}
