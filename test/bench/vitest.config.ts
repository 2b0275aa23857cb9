import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

/**
 * `pnpm bench`: each `*.bench.ts` measures one thing and records a section of `docs/BENCHMARKS.md`.
 * Files run one after another so that no benchmark competes with another for the CPU.
 */
export default defineProject({
  root: fileURLToPath(new URL('..', import.meta.url)),
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    name: 'bench',
    include: ['bench/**/*.bench.ts'],
    globalSetup: ['bench/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 120_000,
  },
});
