import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { builtPaths, workspaceRoot } from '../../demo/server/workspace.js';
import { clearSections, writeBenchmarksDoc } from './support/report.js';

/**
 * Vitest global setup of `pnpm bench`: the benchmarks measure the built relay and widget bundles, so
 * anything missing is built first (unless `BENCH_NO_BUILD` is set); when the run ends, the recorded sections become `docs/BENCHMARKS.md`.
 */
export default function setup(): () => void {
  const root = workspaceRoot();
  const paths = builtPaths(root);
  const needed: Array<[string, string]> = [
    ['@whatsapp-signup/relay', paths.relayMain],
    ['@whatsapp-signup/widget', paths.widgetBundle],
    ['@whatsapp-signup/sinch-sandbox', join(root, 'test', 'sinch-sandbox', 'dist', 'index.js')],
  ];
  for (const [pkg, artefact] of needed) {
    if (existsSync(artefact)) continue;
    if (process.env.BENCH_NO_BUILD) {
      console.log(`bench: ${artefact} missing (BENCH_NO_BUILD set, not building)`);
      continue;
    }
    console.log(`bench: ${artefact} missing, building ${pkg}`);
    execFileSync('pnpm', ['--filter', pkg, 'run', 'build'], { cwd: root, stdio: 'inherit' });
  }
  clearSections();
  return () => {
    const written = writeBenchmarksDoc();
    if (written) console.log(`bench: wrote ${written}`);
  };
}
