import type { Onboarding } from '@whatsapp-signup/shared';
import { onboardingBody, type RelayApi } from '../../reliability/harness/relay-api.js';

/** One timed onboarding: from sending `POST /v1/onboardings` to the `completed` SSE frame. */
export interface TimedOnboarding {
  ms: number;
  final: Onboarding;
}

/**
 * Runs one onboarding for a customer whose session token is given, timed as the widget sees it: the POST,
 * then the SSE stream until the final frame.
 */
export async function timedOnboarding(api: RelayApi, token: string): Promise<TimedOnboarding> {
  const started = performance.now();
  const { onboarding } = await api.createOnboarding(token, onboardingBody());
  const watched = await api.watch(onboarding.id, token, { timeoutMs: 120_000 });
  if (watched.final.status !== 'completed') {
    throw new Error(
      `onboarding ${onboarding.id} ended ${watched.final.status}: ${JSON.stringify(watched.final.error)}`,
    );
  }
  return { ms: watched.finishedAt - started, final: watched.final };
}

/**
 * Runs `count` onboardings of fresh customers, at most `concurrency` at a time; sessions are minted first,
 * outside the timings.
 */
export async function runOnboardings(
  api: RelayApi,
  { count, concurrency, label }: { count: number; concurrency: number; label: string },
): Promise<TimedOnboarding[]> {
  const tokens = await Promise.all(
    Array.from({ length: count }, (_, index) =>
      api.mintSession(`${label}-${index}-${Math.random().toString(36).slice(2, 7)}`),
    ),
  );
  const results: TimedOnboarding[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < tokens.length) {
        const token = tokens[next] as string;
        next += 1;
        results.push(await timedOnboarding(api, token));
      }
    }),
  );
  return results;
}
