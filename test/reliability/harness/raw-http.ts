import { type ClientRequest, request } from 'node:http';
import type { Recorder } from './recorder.js';

/**
 * A GET on its own connection (no keep-alive pool), so that a test controls exactly which sockets are
 * open on the relay: the connection ends with the answer, or when the test destroys it.
 */
export function getOnce(url: string, headers: Record<string, string> = {}, recorder?: Recorder) {
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = request(url, { method: 'GET', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        recorder?.answer(`GET ${new URL(url).pathname} ${res.statusCode}`, text);
        resolve({ status: res.statusCode ?? 0, text });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** One SSE client on its own connection, abortable at any point. */
export interface RawSseClient {
  /** Resolves with everything received once the first `event: onboarding` frame is complete. */
  firstFrame: Promise<string>;
  /** Everything received so far. */
  received(): string;
  /** Destroys the connection without a goodbye, as a closed browser tab does. */
  abort(): void;
  /** Resolves when the connection is closed, by either side. */
  closed: Promise<void>;
}

/** Opens `GET /v1/onboardings/:id/events` with a bearer token on a connection of its own. */
export function openSse(baseUrl: string, id: string, token: string, recorder?: Recorder): RawSseClient {
  let text = '';
  let req: ClientRequest | undefined;
  let resolveFirst: (value: string) => void = () => undefined;
  let rejectFirst: (error: Error) => void = () => undefined;
  const firstFrame = new Promise<string>((resolve, reject) => {
    resolveFirst = resolve;
    rejectFirst = reject;
  });
  // A client aborted before its first frame never reads it: that is fine, not an unhandled rejection.
  firstFrame.catch(() => undefined);
  const closed = new Promise<void>((resolve) => {
    req = request(
      `${baseUrl}/v1/onboardings/${encodeURIComponent(id)}/events`,
      {
        method: 'GET',
        headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
        agent: false,
      },
      (res) => {
        res.on('data', (chunk: Buffer) => {
          text += chunk.toString('utf8');
          if (/event: onboarding\r?\n(?:.*\r?\n)*?\r?\n/.test(text)) resolveFirst(text);
        });
        res.on('close', () => {
          recorder?.answer(`GET /v1/onboardings/:id/events ${res.statusCode}`, text);
          rejectFirst(new Error(`stream closed before a frame (status ${res.statusCode})`));
          resolve();
        });
        res.on('error', () => undefined);
      },
    );
    req.on('error', (error) => {
      rejectFirst(error);
      resolve();
    });
    req.on('close', () => resolve());
    req.end();
  });
  return {
    firstFrame,
    received: () => text,
    abort: () => req?.destroy(),
    closed,
  };
}

/** The value of a metric line of a Prometheus exposition (`name value` or `name{…} value`). */
export function metricValue(exposition: string, name: string): number | undefined {
  const match = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.eE+-]+)$`, 'm').exec(exposition);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}
