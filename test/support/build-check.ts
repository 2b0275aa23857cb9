import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { builtPaths, workspaceRoot } from '../../demo/server/workspace.js';

/**
 * Vitest global setup for the e2e suite: the tests run the built relay, widget
 * bundle and React page, as a user would. Anything missing is built first (each
 * package's own `build` script), so `vitest run` works on a fresh clone too.
 */
export default function ensureBuilt(): void {
  const root = workspaceRoot();
  const paths = builtPaths(root);
  const needed: Array<[string, string]> = [
    ['@whatsapp-signup/relay', paths.relayMain],
    ['@whatsapp-signup/widget', paths.widgetBundle],
    ['@whatsapp-signup/demo', join(paths.reactDist, 'index.html')],
  ];
  for (const [pkg, artefact] of needed) {
    if (existsSync(artefact)) continue;
    console.log(`e2e: ${artefact} missing, building ${pkg}`);
    try {
      execFileSync('pnpm', ['--filter', pkg, 'run', 'build'], { cwd: root, stdio: 'inherit' });
    } catch {
      // The tests that need it fail with the demo's own "not built" answer; the others still run.
      console.error(`e2e: building ${pkg} failed; tests that need ${artefact} will fail`);
    }
  }
}
