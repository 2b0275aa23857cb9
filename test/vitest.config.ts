import { defineProject } from 'vitest/config';

/** Cross-package suites of `@whatsapp-signup/test`. Other suites add their folders to `include`. */
export default defineProject({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    name: 'test',
    root: import.meta.dirname,
    include: ['contract/**/*.test.ts', 'container/**/*.test.ts', 'e2e/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
