import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { builtPaths, workspaceRoot } from '../../demo/server/workspace.js';

/**
 * Vitest global setup of `pnpm test:reliability`: the suites run the built relay (`relay/dist/main.js`)
 * as operators do, so a missing build is made first.
 */
export default function ensureRelayBuilt(): void {
  const root = workspaceRoot();
  const { relayMain } = builtPaths(root);
  if (existsSync(relayMain)) return;
  console.log(`reliability: ${relayMain} missing, building @whatsapp-signup/relay`);
  execFileSync('pnpm', ['--filter', '@whatsapp-signup/relay', 'run', 'build'], {
    cwd: root,
    stdio: 'inherit',
  });
}
