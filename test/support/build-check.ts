import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { builtPaths, workspaceRoot } from '../../demo/server/workspace.js';

const LOCK_STALE_MS = 5 * 60_000;

/** Runs `work` while holding a lock directory, so parallel test files build one at a time. */
async function withLock(lockDir: string, work: () => void): Promise<void> {
  const started = Date.now();
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch {
      // Another worker holds it; a lock older than a build can take is left over from a crash.
      if (Date.now() - started > LOCK_STALE_MS) rmSync(lockDir, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    work();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

/**
 * The e2e tests run the built relay, widget bundle, React page and demo script,
 * as a user would. Anything missing is built first (each package's own `build` script), so
 * `pnpm test` works on a fresh clone too; after `pnpm build` this only checks.
 */
export async function ensureBuilt(): Promise<void> {
  const root = workspaceRoot();
  const paths = builtPaths(root);
  const needed: Array<[string, string]> = [
    ['@whatsapp-signup/relay', paths.relayMain],
    ['@whatsapp-signup/widget', paths.widgetBundle],
    ['@whatsapp-signup/demo', join(paths.reactDist, 'index.html')],
    // What `node demo/scripts/demo.mjs` imports at run time.
    ['@whatsapp-signup/sinch-sandbox', join(root, 'test', 'sinch-sandbox', 'dist', 'index.js')],
    ['@whatsapp-signup/meta-sandbox', join(root, 'test', 'meta-sandbox', 'dist', 'index.js')],
    ['@whatsapp-signup/demo', join(root, 'demo', 'dist', 'server', 'stack.js')],
  ];
  if (needed.every(([, artefact]) => existsSync(artefact))) return;
  mkdirSync(join(root, 'test-results'), { recursive: true });
  await withLock(join(root, 'test-results', '.e2e-build.lock'), () => {
    for (const [pkg, artefact] of needed) {
      if (existsSync(artefact)) continue;
      console.log(`e2e: ${artefact} missing, building ${pkg}`);
      execFileSync('pnpm', ['--filter', pkg, 'run', 'build'], { cwd: root, stdio: 'inherit' });
    }
  });
}
