import { execFileSync } from 'node:child_process';
import autocannon from 'autocannon';
import { expect, test } from 'vitest';
import { onboardingBody } from '../reliability/harness/relay-api.js';
import {
  type DatabaseKind,
  DEFAULT_POSTGRES_URL,
  startRelayUnderTest,
} from '../reliability/harness/relay-under-test.js';
import { findDuplicates } from '../reliability/harness/sinch-audit.js';
import { consoleTable, markdownTable, mib, ms, perSecond, type Table } from './support/format.js';
import { recordSection } from './support/report.js';
import { median, summarize } from './support/stats.js';

const BURST = Number(process.env.BENCH_BURST ?? 500);
const READ_SECONDS = Number(process.env.BENCH_READ_SECONDS ?? 10);
const READ_CONNECTIONS = Number(process.env.BENCH_READ_CONNECTIONS ?? 10);
const RESTARTS = 3;
/** A relay set-up to measure: a database, and relay variables beyond the defaults. */
interface Variant {
  label: string;
  database: DatabaseKind;
  env: Record<string, string>;
}

/** `Postgres <version>` of the server the suites use, read with `psql` when it is installed. */
function postgresLabel(): string {
  try {
    const version = execFileSync(
      'psql',
      [process.env.TEST_DATABASE_URL ?? DEFAULT_POSTGRES_URL, '-Atc', 'show server_version'],
      { encoding: 'utf8', timeout: 5_000 },
    ).trim();
    return `Postgres ${version.split(' ')[0]}`;
  } catch {
    return 'Postgres';
  }
}

/**
 * SQLite and Postgres with the relay's defaults, and SQLite with a short runner interval: the runner takes
 * queued onboardings only on its interval once its concurrency is full, so the interval bounds a burst.
 */
const ALL_VARIANTS: Variant[] = [
  { label: 'SQLite', database: 'sqlite', env: {} },
  { label: postgresLabel(), database: 'postgres', env: {} },
  {
    label: 'SQLite, `RELAY_RUNNER_INTERVAL_MS=100`',
    database: 'sqlite',
    env: { RELAY_RUNNER_INTERVAL_MS: '100' },
  },
];
const VARIANTS = ALL_VARIANTS.filter((variant) =>
  (process.env.BENCH_DATABASES ?? 'sqlite,postgres').includes(variant.database),
);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Footprint {
  variant: Variant;
  firstStartMs: number;
  restartMs: number;
  idleRss: number;
  burstSeconds: number;
  onboardingsPerSecond: number;
  completionP50: number;
  completionP99: number;
  tokenRequests: number;
  sinchCalls: number;
  readsPerSecond: number;
  readP50: number;
  readP99: number;
  readErrors: number;
  rssAfterBurst: number;
  peakRss: number;
}

async function measure(variant: Variant): Promise<Footprint> {
  // Immediate activation and no added latency: the relay and its database are the only bottleneck.
  const rut = await startRelayUnderTest({
    database: variant.database,
    callbacks: true,
    sandbox: { activationMs: 0 },
    env: variant.env,
  });
  try {
    const firstStartMs = rut.firstStart.readyMs;
    const restarts: number[] = [];
    for (let index = 0; index < RESTARTS; index += 1) {
      await rut.relay.stop();
      restarts.push((await rut.relay.start()).readyMs);
    }
    await sleep(1_000);
    const idleRss = rut.relay.rssBytes() ?? Number.NaN;

    // The process just started holds no OAuth token: the burst shows how many it fetches.
    const tokens = await Promise.all(
      Array.from({ length: BURST }, (_, index) => rut.api.mintSession(`burst-${variant.database}-${index}`)),
    );
    const control = rut.sinch.control;
    control.clearRequests();
    const started = performance.now();
    const finished = await Promise.all(
      tokens.map(async (token) => {
        const { onboarding } = await rut.api.createOnboarding(token, onboardingBody());
        const watched = await rut.api.watch(onboarding.id, token, { timeoutMs: 300_000 });
        return watched;
      }),
    );
    const completions = finished.map((watched) => watched.finishedAt - started);
    const burstSeconds = Math.max(...completions) / 1000;
    const failed = finished.filter((watched) => watched.final.status !== 'completed');
    expect(failed.map((watched) => watched.final.error)).toEqual([]);
    expect(findDuplicates(control.state())).toEqual([]);
    const tokenRequests = control.requests({ operation: 'oauth.token' }).length;
    const sinchCalls = control.requests().length;
    const rssAfterBurst = rut.relay.rssBytes() ?? Number.NaN;

    const target = finished[0]?.final;
    if (!target) throw new Error('no onboarding to read');
    const reads = await autocannon({
      url: `${rut.url}/v1/onboardings/${target.id}`,
      headers: { authorization: `Bearer ${tokens[0]}` },
      connections: READ_CONNECTIONS,
      duration: READ_SECONDS,
    });
    const peakRss = rut.relay.peakRssBytes() ?? Number.NaN;
    const summary = summarize(completions);
    return {
      variant,
      firstStartMs,
      restartMs: median(restarts),
      idleRss,
      burstSeconds,
      onboardingsPerSecond: BURST / burstSeconds,
      completionP50: summary.p50,
      completionP99: summary.p99,
      tokenRequests,
      sinchCalls,
      readsPerSecond: reads.requests.average,
      readP50: reads.latency.p50,
      readP99: reads.latency.p99,
      readErrors: reads.errors + reads.timeouts + reads.non2xx,
      rssAfterBurst,
      peakRss,
    };
  } finally {
    await rut.close();
  }
}

test('throughput and footprint, SQLite and Postgres side by side', async () => {
  const results: Footprint[] = [];
  for (const variant of VARIANTS) results.push(await measure(variant));
  const row = (label: string, cell: (result: Footprint) => string) => [label, ...results.map(cell)];
  const table: Table = {
    columns: ['', ...results.map((result) => result.variant.label)],
    rows: [
      row('start-up to `/readyz`, empty database (migrations)', (r) => ms(r.firstStartMs)),
      row(`start-up to \`/readyz\`, migrated database (median of ${RESTARTS})`, (r) => ms(r.restartMs)),
      row('RSS idle (1 s after start)', (r) => mib(r.idleRss)),
      row(`${BURST} onboardings at once: all completed after`, (r) => `${r.burstSeconds.toFixed(2)} s`),
      row('onboardings completed per second', (r) => perSecond(r.onboardingsPerSecond)),
      row(
        'per-onboarding time in the burst, p50 / p99',
        (r) => `${ms(r.completionP50)} / ${ms(r.completionP99)}`,
      ),
      row(`Sinch token requests for ${BURST} onboardings`, (r) => String(r.tokenRequests)),
      row(`Sinch calls for ${BURST} onboardings`, (r) => String(r.sinchCalls)),
      row('RSS after the burst', (r) => mib(r.rssAfterBurst)),
      row(
        `status reads (\`GET /v1/onboardings/:id\`, ${READ_CONNECTIONS} connections, ${READ_SECONDS} s)`,
        (r) => perSecond(r.readsPerSecond),
      ),
      row('status read latency p50 / p99', (r) => `${ms(r.readP50)} / ${ms(r.readP99)}`),
      row('status read errors and non-2xx', (r) => String(r.readErrors)),
      row('peak RSS (VmHWM: start, burst and reads)', (r) => mib(r.peakRss)),
    ],
  };
  console.log(`\nThroughput and footprint\n${consoleTable(table)}\n`);
  for (const result of results) expect(result.readErrors).toBe(0);
  recordSection({
    id: 'throughput',
    order: 3,
    title: '3. Throughput and footprint',
    targets: results.map((result) => ({
      target: `1 Sinch token request per ${BURST} onboardings (${result.variant.label})`,
      measured: String(result.tokenRequests),
      holds: result.tokenRequests === 1,
    })),
    body: [
      'The built relay as a child process with its defaults (`RELAY_CONCURRENCY=16`, callbacks on) except the',
      'rate limits, turned off (`RELAY_RATE_LIMIT_PER_MINUTE=0`, `RELAY_CUSTOMER_RATE_LIMIT_PER_MINUTE=0`): the',
      'defaults would answer most of a 500-customer burst from one IP with 429. The Sinch sandbox adds no latency',
      "and activates senders at once. Load generator, sandbox and relay share the machine's cores.",
      '',
      `- **Start-up**: from \`spawn\` to the first 200 of \`GET /readyz\`, on a fresh database, then ${RESTARTS} restarts.`,
      `- **Burst**: ${BURST} customers (sessions minted beforehand) each POST an onboarding at the same moment and follow`,
      '  it over SSE; the rate is onboardings ÷ time until the last `completed` frame. The relay was restarted just',
      '  before, so it held no OAuth token.',
      '- **Status reads**: autocannon against `GET /v1/onboardings/:id` with a session token.',
      '- **RSS** from `/proc/<pid>/status` (`VmRSS`, and `VmHWM` for the peak).',
      '',
      markdownTable(table, [false, ...results.map(() => true)]),
    ].join('\n'),
  });
}, 1_200_000);
