import type { Onboarding } from '@whatsapp-signup/shared';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { expectNoSecretsLeaked } from './harness/no-secrets.js';
import { runSeed, seededRandom } from './harness/random.js';
import { getOnce, metricValue, openSse } from './harness/raw-http.js';
import { onboardingBody } from './harness/relay-api.js';
import { type RelayUnderTest, startRelayUnderTest } from './harness/relay-under-test.js';

/**
 * SSE clients that go away mid-stream (closed tabs, dropped networks) must leave nothing behind in the
 * relay: its open handles and file descriptors (`/metrics`) return to where they were, and the streams
 * of the same onboardings still work afterwards.
 */

const CLIENTS = Number(process.env.RELIABILITY_SSE_CLIENTS ?? 300);
const ONBOARDINGS = 10;
const seed = runSeed();
const random = seededRandom(seed);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let rut: RelayUnderTest;
const tokens: string[] = [];
let onboardings: Onboarding[] = [];

interface Gauges {
  handles: number;
  fds: number;
}

/** The relay's open handles and file descriptors, read on a connection that closes with the answer. */
async function gauges(): Promise<Gauges> {
  const { status, text } = await getOnce(`${rut.url}/metrics`, {}, rut.recorder);
  expect(status).toBe(200);
  const handles = metricValue(text, 'relay_nodejs_active_handles_total');
  const fds = metricValue(text, 'relay_process_open_fds');
  if (handles === undefined || fds === undefined) throw new Error('the relay exports no handle or fd gauge');
  return { handles, fds };
}

/** Polls the gauges until both are back at `baseline` (or below), or gives up after `timeoutMs`. */
async function settleTo(baseline: Gauges, timeoutMs = 10_000): Promise<Gauges> {
  const deadline = Date.now() + timeoutMs;
  let now = await gauges();
  while ((now.handles > baseline.handles || now.fds > baseline.fds) && Date.now() < deadline) {
    await sleep(100);
    now = await gauges();
  }
  return now;
}

beforeAll(async () => {
  // Senders never activate on their own: the streams stay open until the test activates them.
  rut = await startRelayUnderTest({ callbacks: true, sandbox: { activationMs: 3_600_000 } });
  for (let index = 0; index < ONBOARDINGS; index += 1) {
    const token = await rut.api.mintSession(`sse-${seed}-${index}`);
    tokens.push(token);
    onboardings.push((await rut.api.createOnboarding(token, onboardingBody())).onboarding);
  }
  // Wait until every onboarding waits for its sender's activation (the long-lived part of a stream).
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    onboardings = await Promise.all(
      onboardings.map((onboarding, index) => rut.api.getOnboarding(onboarding.id, tokens[index] as string)),
    );
    if (onboardings.every((onboarding) => onboarding.step === 'sender_activation' && onboarding.senderId))
      break;
    await sleep(100);
  }
  expect(onboardings.map((onboarding) => onboarding.step)).toEqual(
    onboardings.map(() => 'sender_activation'),
  );
});

afterAll(async () => {
  await rut?.close();
});

describe('SSE clients disconnecting mid-stream', () => {
  test(`${CLIENTS} clients dropping at random points leave no handle or descriptor open (seed ${seed})`, async () => {
    // Let the kept-alive connections of the set-up requests time out (the relay keeps idle ones 5 s).
    await sleep(5_500);
    const baseline = await gauges();
    const modes = { 'before headers': 0, 'after the first frame': 0, 'a moment after the first frame': 0 };
    for (let start = 0; start < CLIENTS; start += 50) {
      const batch = Array.from({ length: Math.min(50, CLIENTS - start) }, (_, offset) => {
        const index = (start + offset) % ONBOARDINGS;
        const client = openSse(
          rut.url,
          (onboardings[index] as Onboarding).id,
          tokens[index] as string,
          rut.recorder,
        );
        const roll = random();
        return (async () => {
          if (roll < 0.2) {
            modes['before headers'] += 1;
            client.abort();
          } else {
            await client.firstFrame;
            if (roll < 0.6) modes['after the first frame'] += 1;
            else {
              modes['a moment after the first frame'] += 1;
              await sleep(random() * 400);
            }
            client.abort();
          }
          await client.closed;
        })();
      });
      await Promise.all(batch);
    }
    const after = await settleTo(baseline);
    console.log(
      `SSE: ${CLIENTS} clients dropped (${Object.entries(modes)
        .map(([mode, count]) => `${count} ${mode}`)
        .join(', ')}); handles ${baseline.handles} → ${after.handles}, fds ${baseline.fds} → ${after.fds}`,
    );
    expect(after.handles).toBeLessThanOrEqual(baseline.handles);
    expect(after.fds).toBeLessThanOrEqual(baseline.fds);
  });

  test('the same onboardings still stream to the end, and the relay closes finished streams', async () => {
    const baseline = await gauges();
    const watchers = onboardings.map((onboarding, index) =>
      openSse(rut.url, onboarding.id, tokens[index] as string, rut.recorder),
    );
    await Promise.all(watchers.map((watcher) => watcher.firstFrame));
    for (const onboarding of onboardings)
      rut.sinch.control.setSenderState(onboarding.senderId as string, 'ACTIVE');
    // No abort: each stream must end because the relay closes it after the `completed` frame.
    await Promise.all(watchers.map((watcher) => watcher.closed));
    for (const watcher of watchers) expect(watcher.received()).toContain('"status":"completed"');
    const after = await settleTo(baseline);
    expect(after.handles).toBeLessThanOrEqual(baseline.handles);
    expect(after.fds).toBeLessThanOrEqual(baseline.fds);
  });

  test('no secret in any answer or log line of the SSE run', () => {
    expectNoSecretsLeaked(rut, 'SSE disconnects');
  });
});
