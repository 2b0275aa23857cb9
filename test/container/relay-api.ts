import { request } from 'node:http';

/** A JSON answer from the relay. */
export interface JsonAnswer<T = Record<string, unknown>> {
  status: number;
  body: T;
}

/** Calls the relay's HTTP API with a bearer token and a JSON body. */
export async function callRelay<T = Record<string, unknown>>(
  baseUrl: string,
  method: string,
  path: string,
  token: string,
  body?: unknown,
): Promise<JsonAnswer<T>> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : {}) as T };
}

/**
 * A POST whose body arrives in two parts: the headers and the first bytes go out at once, the rest
 * only when `release` resolves. Between the two the request is in flight on the relay, which is
 * what a graceful shutdown must let finish.
 */
export function trickledPost(
  baseUrl: string,
  path: string,
  token: string,
  body: unknown,
  release: Promise<unknown>,
): { sent: Promise<void>; answer: Promise<JsonAnswer> } {
  const payload = Buffer.from(JSON.stringify(body));
  let markSent: () => void = () => {};
  const sent = new Promise<void>((resolve) => {
    markSent = resolve;
  });
  const answer = new Promise<JsonAnswer>((resolve, reject) => {
    const outgoing = request(`${baseUrl}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'content-length': payload.length,
      },
    });
    outgoing.on('error', reject);
    outgoing.on('response', (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('error', reject);
      incoming.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        try {
          resolve({ status: incoming.statusCode ?? 0, body: text ? JSON.parse(text) : {} });
        } catch {
          reject(new Error(`not JSON (${incoming.statusCode}): ${text.slice(0, 200)}`));
        }
      });
    });
    outgoing.write(payload.subarray(0, 8), () => markSent());
    release.then(
      () => outgoing.end(payload.subarray(8)),
      (error: unknown) => outgoing.destroy(error instanceof Error ? error : new Error(String(error))),
    );
  });
  return { sent, answer };
}
