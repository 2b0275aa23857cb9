import type { CreateOnboardingBody, Onboarding } from '@whatsapp-signup/shared';
import type { Recorder } from './recorder.js';
import { SseParser } from './sse.js';

/** An answer of the relay, read completely. */
export interface RelayAnswer {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body, or undefined when it is not JSON. */
  json: unknown;
}

/** What to send. */
export interface RelayRequest {
  /** `Authorization: Bearer <token>` when set. */
  token?: string | undefined;
  /** Serialised as JSON with `content-type: application/json`. */
  body?: unknown;
  /** Sent verbatim instead of `body` (for malformed requests). */
  rawBody?: string | Uint8Array | undefined;
  headers?: Record<string, string>;
  /** Per-request timeout (default 30 s). */
  timeoutMs?: number;
}

/** A timed SSE watch of one onboarding. */
export interface WatchResult {
  /** Every resource the stream carried, in order. */
  frames: Onboarding[];
  /** The final resource (`completed` or `failed`). */
  final: Onboarding;
  /** `performance.now()` when the final frame arrived. */
  finishedAt: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Mask for paths in record sources, so a thousand onboardings make one kind of source. */
function pathShape(path: string): string {
  return path.replace(/\/v1\/onboardings\/[^/?]+/, '/v1/onboardings/:id').replace(/\?.*$/, '');
}

function isFinal(resource: Onboarding): boolean {
  return resource.status === 'completed' || resource.status === 'failed';
}

/**
 * A client of the relay's HTTP API (CONTRACT §5) over `fetch`, recording every answer (status, headers,
 * body) for the secret scan.
 */
export class RelayApi {
  readonly #baseUrl: string;
  readonly #recorder: Recorder;
  readonly #adminToken: string;
  readonly #sessionTokens: string[] = [];

  constructor(baseUrl: string, adminToken: string, recorder: Recorder) {
    this.#baseUrl = baseUrl;
    this.#adminToken = adminToken;
    this.#recorder = recorder;
  }

  /** Every session token minted so far (secrets for the scan). */
  get sessionTokens(): readonly string[] {
    return this.#sessionTokens;
  }

  /** Sends one request and reads the whole answer. */
  async request(method: string, path: string, request: RelayRequest = {}): Promise<RelayAnswer> {
    const headers: Record<string, string> = { ...request.headers };
    if (request.token !== undefined) headers.authorization = `Bearer ${request.token}`;
    let body: string | Uint8Array | undefined;
    if (request.rawBody !== undefined) body = request.rawBody;
    else if (request.body !== undefined) {
      body = JSON.stringify(request.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${this.#baseUrl}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
      signal: AbortSignal.timeout(request.timeoutMs ?? 30_000),
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    const allowed =
      path === '/v1/sessions' && response.status === 201 && typeof json === 'object' && json
        ? [String((json as { token?: unknown }).token)]
        : undefined;
    // Every session token handed out, however it was asked for, joins the secrets of the scan.
    if (allowed?.[0] && !this.#sessionTokens.includes(allowed[0])) this.#sessionTokens.push(allowed[0]);
    this.#recordAnswer(`${method} ${pathShape(path)} ${response.status}`, response, text, allowed);
    return { status: response.status, headers: response.headers, text, json };
  }

  /** Mints a session token for `customerId` with the admin token (`POST /v1/sessions`). */
  async mintSession(customerId: string, extra: { displayName?: string; ttlSeconds?: number } = {}) {
    const answer = await this.request('POST', '/v1/sessions', {
      token: this.#adminToken,
      body: { customerId, ...extra },
    });
    if (answer.status !== 201) throw new Error(`POST /v1/sessions answered ${answer.status}: ${answer.text}`);
    return (answer.json as { token: string }).token;
  }

  /** `POST /v1/onboardings`; resolves with the status and the resource. */
  async createOnboarding(token: string, body: CreateOnboardingBody, idempotencyKey?: string) {
    const answer = await this.request('POST', '/v1/onboardings', {
      token,
      body,
      ...(idempotencyKey ? { headers: { 'idempotency-key': idempotencyKey } } : {}),
    });
    if (answer.status !== 202 && answer.status !== 200) {
      throw new Error(`POST /v1/onboardings answered ${answer.status}: ${answer.text}`);
    }
    return { status: answer.status, onboarding: answer.json as Onboarding };
  }

  /** `GET /v1/onboardings/:id`. */
  async getOnboarding(id: string, token: string): Promise<Onboarding> {
    const answer = await this.request('GET', `/v1/onboardings/${encodeURIComponent(id)}`, { token });
    if (answer.status !== 200) throw new Error(`GET onboarding answered ${answer.status}: ${answer.text}`);
    return answer.json as Onboarding;
  }

  /** `POST /v1/onboardings/:id/retry`. */
  retry(id: string, token: string): Promise<RelayAnswer> {
    return this.request('POST', `/v1/onboardings/${encodeURIComponent(id)}/retry`, { token });
  }

  /**
   * Polls `GET /v1/onboardings/:id` until the onboarding is `completed` or `failed`. Connection errors
   * (a relay being restarted) are waited out until `timeoutMs`.
   */
  async waitForFinal(id: string, token: string, { timeoutMs = 60_000, intervalMs = 100 } = {}) {
    const deadline = Date.now() + timeoutMs;
    let last: Onboarding | undefined;
    let lastError: unknown;
    while (Date.now() < deadline) {
      try {
        last = await this.getOnboarding(id, token);
        if (isFinal(last)) return last;
      } catch (error) {
        lastError = error;
      }
      await sleep(intervalMs);
    }
    throw new Error(
      `onboarding ${id} not finished within ${timeoutMs} ms; last: ${JSON.stringify(last)} ${String(lastError ?? '')}`,
    );
  }

  /**
   * Watches `GET /v1/onboardings/:id/events` until the final frame (or `timeoutMs`), recording the
   * stream. `via: 'query'` passes the token as `?token=` as plain `EventSource` users do.
   */
  async watch(
    id: string,
    token: string,
    { timeoutMs = 60_000, via = 'header' }: { timeoutMs?: number; via?: 'header' | 'query' } = {},
  ): Promise<WatchResult> {
    const path = `/v1/onboardings/${encodeURIComponent(id)}/events`;
    const url = via === 'query' ? `${path}?token=${encodeURIComponent(token)}` : path;
    const response = await fetch(`${this.#baseUrl}${url}`, {
      headers: {
        accept: 'text/event-stream',
        ...(via === 'header' ? { authorization: `Bearer ${token}` } : {}),
      },
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (response.status !== 200 || !response.body) {
      const text = await response.text();
      this.#recordAnswer(`GET ${pathShape(path)} ${response.status}`, response, text);
      throw new Error(`SSE answered ${response.status}: ${text}`);
    }
    const parser = new SseParser();
    const frames: Onboarding[] = [];
    let raw = '';
    const decoder = new TextDecoder();
    try {
      for await (const chunk of response.body) {
        raw += decoder.decode(chunk, { stream: true });
        for (const frame of parser.push(chunk)) {
          if (frame.event !== 'onboarding') continue;
          const resource = JSON.parse(frame.data) as Onboarding;
          frames.push(resource);
          if (isFinal(resource)) {
            const finishedAt = performance.now();
            // The relay closes the stream after the final frame; read to the end so the socket is reused.
            await response.body.cancel().catch(() => undefined);
            return { frames, final: resource, finishedAt };
          }
        }
      }
    } finally {
      this.#recordAnswer(`GET ${pathShape(path)} ${response.status}`, response, raw);
    }
    throw new Error(`SSE stream of ${id} ended before a final frame (${frames.length} frames)`);
  }

  #recordAnswer(source: string, response: Response, text: string, allowed?: readonly string[]): void {
    const headerText = [...response.headers].map(([name, value]) => `${name}: ${value}`).join('\n');
    this.#recorder.answer(source, `${headerText}\n\n${text}`, allowed);
  }
}

let phoneCounter = 0;

/** A valid onboarding body with IDs unique in this process (digit strings, as Meta's are). */
export function onboardingBody(overrides: Partial<CreateOnboardingBody> = {}): CreateOnboardingBody {
  phoneCounter += 1;
  const stamp = `${Date.now() % 1_000_000_000}${String(process.pid % 1000).padStart(3, '0')}`;
  return {
    wabaId: `1${stamp}${String(phoneCounter).padStart(6, '0')}`,
    phoneNumberId: `2${stamp}${String(phoneCounter).padStart(6, '0')}`,
    region: 'EU',
    metaLocalStorage: 'DE',
    ...overrides,
  };
}
