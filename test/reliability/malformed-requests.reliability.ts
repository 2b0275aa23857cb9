import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { consoleTable } from '../bench/support/format.js';
import { type FuzzRequest, malformedRequest } from './harness/malformed-requests.js';
import { expectNoSecretsLeaked } from './harness/no-secrets.js';
import { runSeed } from './harness/random.js';
import { onboardingBody } from './harness/relay-api.js';
import { type RelayUnderTest, startRelayUnderTest } from './harness/relay-under-test.js';

/**
 * 10,000 property-based malformed requests (fast-check) against every endpoint: none may be answered with a
 * 5xx, every error answer is the CONTRACT's JSON envelope, and the relay keeps serving.
 */

const RUNS = Number(process.env.RELIABILITY_FUZZ_RUNS ?? 10_000);
const seed = runSeed();
let rut: RelayUnderTest;
let onboardingId = '';
let sessionToken = '';
const byEndpoint = new Map<string, Map<number, number>>();

beforeAll(async () => {
  rut = await startRelayUnderTest({ callbacks: true, sandbox: { activationMs: 50 } });
  sessionToken = await rut.api.mintSession('fuzz-customer');
  const { onboarding } = await rut.api.createOnboarding(sessionToken, onboardingBody());
  const final = await rut.api.waitForFinal(onboarding.id, sessionToken);
  expect(final.status).toBe('completed');
  onboardingId = final.id;
});

afterAll(async () => {
  await rut?.close();
  const rows = [...byEndpoint].map(([endpoint, statuses]) => [
    endpoint,
    String([...statuses.values()].reduce((sum, count) => sum + count, 0)),
    [...statuses]
      .sort(([a], [b]) => a - b)
      .map(([status, count]) => `${status}×${count}`)
      .join(' '),
  ]);
  if (rows.length > 0) {
    console.log(
      `\n${reconnects.length} requests re-sent after the relay closed a kept-alive connection: ${[
        ...new Set(reconnects),
      ]
        .map((kind) => `${reconnects.filter((item) => item === kind).length}× ${kind}`)
        .join(', ')}`,
    );
    console.log(
      `\nMalformed requests by endpoint (seed ${seed})\n${consoleTable({ columns: ['endpoint', 'requests', 'statuses'], rows })}\n`,
    );
  }
});

/** Requests re-sent once because the relay had closed the kept-alive connection they went out on. */
const reconnects: string[] = [];

function isClosedSocket(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string } }).cause;
  return cause?.code === 'UND_ERR_SOCKET';
}

/**
 * Sends a request; when the relay had closed the kept-alive connection under it (it does so after
 * refusing an over-long body without reading it), sends it once more on a new connection, as browsers
 * do. Any other failure, or a second one, fails the property. The re-sends are counted and reported.
 */
async function sendWithOneReconnect(request: FuzzRequest) {
  const send = () =>
    rut.api.request(request.method, request.path, {
      headers: request.headers,
      rawBody: request.body,
      timeoutMs: 15_000,
    });
  const bytes =
    typeof request.body === 'string' ? Buffer.byteLength(request.body) : (request.body?.length ?? 0);
  try {
    const answer = await send();
    previous = { endpoint: request.endpoint, status: answer.status, bytes };
    return answer;
  } catch (error) {
    if (!isClosedSocket(error)) throw error;
    // The request itself and the one before it tell why the relay closed the connection.
    const size = (value: number) => (value > 65_536 ? 'over 64 KiB' : 'under 64 KiB');
    reconnects.push(
      `${request.endpoint}, body ${size(bytes)} (before it: ${previous.endpoint} ${previous.status}, body ${size(previous.bytes)})`,
    );
    const answer = await send();
    previous = { endpoint: request.endpoint, status: answer.status, bytes };
    return answer;
  }
}

/** The answer before the current request (sent sequentially, mostly on the same kept-alive connection). */
let previous = { endpoint: '', status: 0, bytes: 0 };

function count(request: FuzzRequest, status: number): void {
  const statuses = byEndpoint.get(request.endpoint) ?? new Map<number, number>();
  statuses.set(status, (statuses.get(status) ?? 0) + 1);
  byEndpoint.set(request.endpoint, statuses);
}

/** What is wrong with an answer (empty when nothing is). */
function problemsOf(request: FuzzRequest, status: number, text: string, json: unknown): string[] {
  const problems: string[] = [];
  if (status >= 500) problems.push(`answered ${status}`);
  if (status >= 400 && request.method !== 'HEAD') {
    const error = (json as { error?: Record<string, unknown> } | undefined)?.error;
    if (
      !error ||
      typeof error.code !== 'string' ||
      !/^[a-z][a-z0-9_]*$/.test(error.code) ||
      typeof error.message !== 'string' ||
      typeof error.requestId !== 'string'
    ) {
      problems.push(`error answer is not the JSON envelope: ${text.slice(0, 200)}`);
    }
  }
  return problems;
}

describe('malformed requests', () => {
  test(`${RUNS} generated requests against every endpoint: zero 5xx, JSON error envelopes (seed ${seed})`, async () => {
    const ctx = {
      sessionToken,
      adminToken: rut.adminToken,
      onboardingId,
      customerId: 'fuzz-customer',
      webhookSecret: rut.webhookSecret,
    };
    await fc.assert(
      fc.asyncProperty(malformedRequest(ctx), async (request) => {
        const answer = await sendWithOneReconnect(request);
        count(request, answer.status);
        const problems = problemsOf(request, answer.status, answer.text, answer.json);
        if (problems.length > 0) {
          throw new Error(`${request.method} ${request.path.slice(0, 120)}: ${problems.join('; ')}`);
        }
      }),
      { numRuns: RUNS, seed, endOnFailure: true },
    );
    expect(rut.relay.running).toBe(true);
    const health = await rut.api.request('GET', '/healthz');
    expect(health.status).toBe(200);
  });

  test('no secret in any answer or log line of the fuzz run', () => {
    expectNoSecretsLeaked(rut, 'malformed requests');
    expect(rut.recorder.counts().answers).toBeGreaterThanOrEqual(RUNS);
  });
});
