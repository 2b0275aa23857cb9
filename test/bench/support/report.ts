import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, release, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';

/** One benchmark's part of `docs/BENCHMARKS.md`. */
export interface BenchSection {
  /** File name stem, e.g. `widget-cost`. */
  id: string;
  /** Position in the document. */
  order: number;
  title: string;
  /** Markdown: what was measured and how, the tables, and each target with whether it holds. */
  body: string;
  /** One line per target: `holds` or `does not hold`, for the summary at the top. */
  targets: TargetVerdict[];
}

/** A stated target and whether this run met it. */
export interface TargetVerdict {
  target: string;
  measured: string;
  holds: boolean;
}

const resultsDir = fileURLToPath(new URL('../.results/', import.meta.url));
const analysisFile = fileURLToPath(new URL('../analysis.md', import.meta.url));
/** Where `pnpm bench` writes its figures. */
export const BENCHMARKS_DOC = fileURLToPath(new URL('../../../docs/BENCHMARKS.md', import.meta.url));

/** Empties the results of an earlier run. */
export function clearSections(): void {
  rmSync(resultsDir, { recursive: true, force: true });
}

/** Stores one benchmark's section for the document written when the run ends. */
export function recordSection(section: BenchSection): void {
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(`${resultsDir}${section.id}.json`, JSON.stringify(section, null, 2));
}

function readSections(): BenchSection[] {
  if (!existsSync(resultsDir)) return [];
  return readdirSync(resultsDir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => JSON.parse(readFileSync(`${resultsDir}${name}`, 'utf8')) as BenchSection)
    .sort((a, b) => a.order - b.order);
}

/** The machine, for the reader to weigh the figures. */
export function machineDescription(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  return [
    `- CPUs available to Node (\`nproc\`): ${availableParallelism()} (${cpu.trim()})`,
    `- Memory: ${(totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    `- Node ${process.version} on Linux ${release()}`,
  ].join('\n');
}

/**
 * Writes `docs/BENCHMARKS.md` from the sections this run recorded, the machine description and the
 * hand-written analysis in `test/bench/analysis.md`. Returns the path, or undefined when nothing ran.
 */
export function writeBenchmarksDoc(): string | undefined {
  const sections = readSections();
  if (sections.length === 0) return undefined;
  const targets = sections.flatMap((section) => section.targets);
  const summary = targets.map(
    (target) => `| ${target.target} | ${target.measured} | ${target.holds ? 'holds' : '**does not hold**'} |`,
  );
  const overrides = Object.keys(process.env)
    .filter((name) => name.startsWith('BENCH_'))
    .sort();
  const analysis = existsSync(analysisFile) ? readFileSync(analysisFile, 'utf8').trim() : '';
  const text = [
    '# Benchmarks',
    '',
    'Written by `pnpm bench` (`test/bench/`); do not edit by hand, edit `test/bench/analysis.md` for the',
    'commentary. Timings on a shared machine are noisy: read medians and ratios, not single runs.',
    '',
    `Run: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, command \`pnpm build && pnpm bench\` from the repository root.`,
    '',
    overrides.length > 0
      ? `Overrides in effect: ${overrides.map((name) => `\`${name}=${process.env[name]}\``).join(', ')}.`
      : 'No `BENCH_*` overrides: the default sizes of every benchmark.',
    '',
    machineDescription(),
    '',
    '## Targets',
    '',
    '| target | measured | verdict |',
    '| --- | --- | --- |',
    ...summary,
    '',
    ...sections.flatMap((section) => [`## ${section.title}`, '', section.body.trim(), '']),
    ...(analysis ? [analysis, ''] : []),
  ].join('\n');
  writeFileSync(BENCHMARKS_DOC, text);
  return BENCHMARKS_DOC;
}
