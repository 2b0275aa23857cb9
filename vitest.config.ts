import { existsSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

/** Every package with vitest suites; `pnpm test` runs them in one vitest process. */
const projects = [
  'shared/vitest.config.ts',
  'relay/vitest.config.ts',
  'test/sinch-sandbox/vitest.config.ts',
  'test/vitest.config.ts',
  'demo/vitest.config.ts',
].filter((path) => existsSync(path));

export default defineConfig({
  test: {
    projects,
    reporters: process.env.VITEST_JSON
      ? ['default', ['json', { outputFile: process.env.VITEST_JSON }]]
      : ['default'],
  },
});
