import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { startMetaSandbox } from '@whatsapp-signup/meta-sandbox';
import { expect, test } from 'vitest';
import { workspaceRoot } from '../../demo/server/workspace.js';
import { launchBrowser } from '../support/browser.js';
import { consoleTable, kb, markdownTable, ms, type Table } from './support/format.js';
import { recordSection } from './support/report.js';
import { median, summarize } from './support/stats.js';
import { type PageTimings, serveBenchPage } from './support/widget-page.js';

const LOADS = Number(process.env.BENCH_WIDGET_LOADS ?? 20);
/** The budget of the issue: the script-tag bundle, Lit included, at most 14 KB gzip. */
const SIGNUP_BUDGET_BYTES = 14_000;

const root = workspaceRoot();
const dist = join(root, 'widget', 'dist');

interface Sizes {
  raw: number;
  gzip: number;
  brotli: number;
}

function sizesOf(bytes: Buffer): Sizes {
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    }).length,
  };
}

function jsFilesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return jsFilesUnder(path);
    return name.endsWith('.js') ? [path] : [];
  });
}

test('widget cost: bundle sizes and time to ready in Chromium', async () => {
  const bundles = ['whatsapp-signup.js', 'whatsapp-template-composer.js']
    .map((name) => join(dist, name))
    .filter((path) => existsSync(path));
  expect(bundles.length, 'widget/dist/whatsapp-signup.js must be built').toBeGreaterThan(0);
  const sizeRows: Array<{ name: string; sizes: Sizes }> = bundles.map((path) => ({
    name: `\`${relative(root, path)}\` (script tag, Lit included)`,
    sizes: sizesOf(readFileSync(path)),
  }));
  const esmFiles = jsFilesUnder(join(dist, 'esm'));
  if (esmFiles.length > 0) {
    const perFile = esmFiles.map((path) => sizesOf(readFileSync(path)));
    sizeRows.push({
      name: `\`widget/dist/esm/**/*.js\` (unbundled ESM, Lit external; ${esmFiles.length} files, sum of each file compressed)`,
      sizes: {
        raw: perFile.reduce((sum, item) => sum + item.raw, 0),
        gzip: perFile.reduce((sum, item) => sum + item.gzip, 0),
        brotli: perFile.reduce((sum, item) => sum + item.brotli, 0),
      },
    });
  }
  const sizeTable: Table = {
    columns: ['artefact', 'raw', 'gzip -9', 'brotli -q 11'],
    rows: sizeRows.map(({ name, sizes }) => [name, kb(sizes.raw), kb(sizes.gzip), kb(sizes.brotli)]),
  };

  const meta = await startMetaSandbox({ port: 0, host: '127.0.0.1' });
  const site = await serveBenchPage(join(dist, 'whatsapp-signup.js'), meta.url);
  const browser = await launchBrowser();
  const loads: PageTimings[] = [];
  let chromiumVersion = '';
  try {
    // One unmeasured load warms the servers and Chromium's process pool.
    for (let index = 0; index <= LOADS; index += 1) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(site.url);
      await page.waitForFunction('window.__bench && window.__bench.ready !== undefined', undefined, {
        timeout: 20_000,
      });
      const timings = (await page.evaluate(`(() => {
        const entry = performance.getEntriesByName(${JSON.stringify(site.bundleUrl)})[0];
        return { bundleLoaded: entry ? entry.responseEnd : NaN, defined: window.__bench.defined, ready: window.__bench.ready };
      })()`)) as PageTimings;
      await context.close();
      if (index > 0) loads.push(timings);
    }
  } finally {
    chromiumVersion = browser.version();
    await browser.close();
    await site.close();
    await meta.close();
  }

  const toDefined = summarize(loads.map((load) => load.defined - load.bundleLoaded));
  const toReady = summarize(loads.map((load) => load.ready - load.bundleLoaded));
  const navToReady = summarize(loads.map((load) => load.ready));
  const timingTable: Table = {
    columns: ['interval (ms)', 'p50', 'p90', 'min', 'max'],
    rows: [
      ['bundle loaded → element defined', toDefined],
      ['bundle loaded → `whatsapp-signup-ready` (SDK fetched and initialised)', toReady],
      ['navigation start → `whatsapp-signup-ready`', navToReady],
    ].map(([label, summary]) => {
      const s = summary as ReturnType<typeof summarize>;
      return [label as string, ms(s.p50), ms(s.p90), ms(s.min), ms(s.max)];
    }),
  };
  const signup = sizeRows[0]?.sizes.gzip ?? Number.NaN;
  console.log(
    `\nWidget sizes\n${consoleTable(sizeTable)}\n\nWidget start-up over ${loads.length} loads\n${consoleTable(timingTable)}\n`,
  );

  recordSection({
    id: 'widget-cost',
    order: 1,
    title: '1. Widget cost',
    targets: [
      {
        target: 'signup script-tag bundle ≤ 14 KB gzip (Lit included)',
        measured: kb(signup),
        holds: signup <= SIGNUP_BUDGET_BYTES,
      },
    ],
    body: [
      "Sizes of the built files (`pnpm build`), compressed here with Node's zlib at the highest levels",
      '(what a CDN serves); 1 KB = 1,000 bytes.',
      '',
      markdownTable(sizeTable, [false, true, true, true]),
      '',
      `Start-up in headless Chromium ${chromiumVersion} (playwright-core, \`/usr/bin/chromium\`):`,
      `${loads.length} page loads, each in a fresh browser context (no HTTP or code cache), served from`,
      '`http://localhost` with `cache-control: no-store`. The page holds the one script tag and a',
      "`<whatsapp-signup>` whose `sdk-url` is the Meta sandbox's stub SDK on a second loopback origin.",
      '"Bundle loaded" is the bundle\'s Resource Timing `responseEnd`: execution starts right after it.',
      '',
      markdownTable(timingTable, [false, true, true, true, true]),
      '',
      `Median bundle loaded → ready: **${ms(median(loads.map((load) => load.ready - load.bundleLoaded)))}**.`,
    ].join('\n'),
  });
}, 300_000);
