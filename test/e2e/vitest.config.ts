import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

/**
 * The end-to-end suite: Chromium (playwright-core) against the real stack over
 * real HTTP. Each file starts its own stack and browser, so files run in
 * parallel; two workers keep a 2-core machine busy without starving the relay.
 */
export default defineProject({
  root: fileURLToPath(new URL('..', import.meta.url)),
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    name: 'e2e',
    include: ['e2e/**/*.test.ts'],
    globalSetup: ['support/build-check.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    maxWorkers: 2,
  },
});
