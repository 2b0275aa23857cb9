import { defineConfig } from 'vitest/config';

/**
 * The container suite (`pnpm test:container`): builds the relay image and runs it under Docker. It is
 * slow and needs root, so it has its own config and is not part of `pnpm test`; the `*.test.ts` files
 * here (manifest checks) run with the rest of the test package.
 */
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    name: 'container',
    root: import.meta.dirname,
    include: ['**/*.container.ts'],
    testTimeout: 600_000,
    hookTimeout: 900_000,
    fileParallelism: false,
  },
});
