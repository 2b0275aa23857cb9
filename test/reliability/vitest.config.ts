import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

/**
 * `pnpm test:reliability`: fault injection, crash recovery, fuzzing, SSE disconnects and the secret scan,
 * against the built relay as a child process. Not part of `pnpm test` (its files end in
 * `.reliability.ts`, which no other config includes). Two workers keep a 2-core machine busy; every
 * file starts its own relay and Sinch sandbox, so files do not share state.
 */
export default defineProject({
  root: fileURLToPath(new URL('..', import.meta.url)),
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    name: 'reliability',
    include: ['reliability/**/*.reliability.ts', 'reliability/**/*.test.ts', 'bench/**/*.test.ts'],
    globalSetup: ['reliability/global-setup.ts'],
    maxWorkers: 2,
    testTimeout: 300_000,
    hookTimeout: 120_000,
  },
});
