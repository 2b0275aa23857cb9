import type { Onboarding } from '@whatsapp-signup/shared';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { expectNoSecretsLeaked } from './harness/no-secrets.js';
import { runSeed, seededRandom } from './harness/random.js';
import { onboardingBody } from './harness/relay-api.js';
import { type DatabaseKind, type RelayUnderTest, startRelayUnderTest } from './harness/relay-under-test.js';
import { checkCompleted, findDuplicates } from './harness/sinch-audit.js';

/**
 * 100 onboardings while the relay is SIGKILLed at random moments and started again on the same database:
 * every onboarding completes, each customer has exactly one, and Sinch holds no duplicate. Once on SQLite,
 * once on Postgres (each with its own relay and sandbox).
 */

const ONBOARDINGS = Number(process.env.RELIABILITY_CRASH_ONBOARDINGS ?? 100);
/** Kills at least this many times, and keeps killing until every POST has been accepted. */
const MIN_KILLS = 12;
const seed = runSeed();
const random = seededRandom(seed);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The crash suite against a relay on `database`. */
function crashRecoverySuite(database: DatabaseKind): void {
  describe(`crash recovery on ${database}: SIGKILL at random moments`, () => {
    let rut: RelayUnderTest;

    beforeAll(async () => {
      rut = await startRelayUnderTest({
        database,
        callbacks: true,
        // A slow activation keeps onboardings in flight across kills; the latency set below lands kills
        // inside Sinch calls as well as between them.
        sandbox: { activationMs: 1_500 },
        env: {
          RELAY_POLL_INITIAL_MS: '100',
          RELAY_POLL_MAX_MS: '500',
          RELAY_RUNNER_INTERVAL_MS: '100',
          // A dead replica's leases expire quickly, so the restarted one takes its work over at once.
          RELAY_LEASE_MS: '1000',
          SINCH_TIMEOUT_MS: '2000',
        },
      });
      rut.sinch.control.setLatency('*', 15);
    });

    afterAll(async () => {
      await rut?.close();
    });

    /** Onboardings in progress, from the relay's own gauge (read just before a kill). */
    async function inProgressCount(): Promise<number> {
      try {
        const { text } = await rut.api.request('GET', '/metrics');
        const match = /^relay_onboardings\{status="in_progress"\} (\d+)$/m.exec(text);
        return match?.[1] ? Number(match[1]) : 0;
      } catch {
        return 0;
      }
    }

    /** Posts until the relay accepts (it may be down): the same Idempotency-Key makes a re-send harmless. */
    async function createWithRetries(token: string, index: number): Promise<Onboarding> {
      const body = onboardingBody();
      const key = `crash-${database}-${seed}-${index}`;
      for (let attempt = 0; attempt < 400; attempt += 1) {
        try {
          return (await rut.api.createOnboarding(token, body, key)).onboarding;
        } catch {
          await sleep(50);
        }
      }
      throw new Error(`onboarding ${index} never accepted`);
    }

    test(`${ONBOARDINGS} onboardings all complete, with zero duplicates (seed ${seed})`, async () => {
      const customers = Array.from(
        { length: ONBOARDINGS },
        (_, index) => `crash-${database}-${seed}-${index}`,
      );
      const tokens = await Promise.all(customers.map((customer) => rut.api.mintSession(customer)));

      const inFlightAtKills: number[] = [];
      let accepted = 0;
      let kills = 0;
      const created = Promise.all(
        tokens.map(async (token, index) => {
          // Staggered arrivals over about eight seconds, as customers finishing Meta's flow would be.
          await sleep(index * 80);
          const onboarding = await createWithRetries(token, index);
          accepted += 1;
          return onboarding;
        }),
      );
      const killer = (async () => {
        const started = Date.now();
        while ((accepted < ONBOARDINGS || kills < MIN_KILLS) && Date.now() - started < 90_000) {
          await sleep(100 + random() * 700);
          inFlightAtKills.push(await inProgressCount());
          await rut.relay.kill();
          kills += 1;
          await rut.relay.start();
        }
      })();
      const [onboardings] = await Promise.all([created, killer]);
      expect(kills).toBeGreaterThanOrEqual(MIN_KILLS);
      // The kills must have hit work under way, not an idle relay.
      expect(inFlightAtKills.filter((count) => count > 0).length).toBeGreaterThanOrEqual(MIN_KILLS / 2);

      const finals = await Promise.all(
        onboardings.map((onboarding, index) =>
          rut.api.waitForFinal(onboarding.id, tokens[index] as string, {
            timeoutMs: 120_000,
            intervalMs: 250,
          }),
        ),
      );
      const notCompleted = finals.filter((final) => final.status !== 'completed');
      expect(
        notCompleted.map((final) => `${final.id}: ${final.status} ${final.step} ${final.error?.code ?? ''}`),
      ).toEqual([]);
      expect(new Set(finals.map((final) => final.id)).size).toBe(ONBOARDINGS);

      // A re-sent POST of each customer returns the one onboarding it already has.
      const again = await Promise.all(
        tokens.map((token, index) =>
          rut.api.createOnboarding(token, {
            wabaId: (finals[index] as Onboarding).wabaId,
            phoneNumberId: (finals[index] as Onboarding).phoneNumberId,
            region: 'EU',
            metaLocalStorage: 'DE',
          }),
        ),
      );
      expect(again.map((answer) => answer.status)).toEqual(again.map(() => 200));
      expect(again.map((answer) => answer.onboarding.id)).toEqual(finals.map((final) => final.id));

      const state = rut.sinch.control.state();
      expect(findDuplicates(state)).toEqual([]);
      for (const final of finals) expect(checkCompleted(state, final), final.id).toEqual([]);
      expect(state.apps.length).toBe(ONBOARDINGS);
      console.log(
        `crash recovery on ${database}: ${ONBOARDINGS} onboardings completed through ${kills} SIGKILLs (seed ${seed}); ` +
          `${state.subprojects.length} subprojects, ${state.senders.length} senders, ${state.apps.length} apps; ` +
          `onboardings in progress at each kill: ${inFlightAtKills.join(', ')}`,
      );
    });

    test('no secret in any answer or log line of the crash run', () => {
      expectNoSecretsLeaked(rut, `crash recovery on ${database}`);
    });
  });
}

crashRecoverySuite('sqlite');
crashRecoverySuite('postgres');
