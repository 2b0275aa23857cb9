import { defineProject } from 'vitest/config';

/** Sandbox suites: lifecycle, callbacks and errors, against the sandbox served on a free port. */
export default defineProject({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    name: 'sinch-sandbox',
    root: import.meta.dirname,
    include: ['src/**/*.test.ts'],
    testTimeout: 20_000,
  },
});
