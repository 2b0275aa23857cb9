/**
 * Web Test Runner: the widget's browser tests in Debian's Chromium (Playwright),
 * TypeScript through esbuild, workspace packages from their `source` export.
 * The Meta sandbox (fake SDK and popup) runs on a second origin, 127.0.0.1:<port>,
 * while test pages are served from localhost:<port>; tests import its URL from
 * the virtual module `/__meta-sandbox.js`.
 */
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { startMetaSandbox } from '@whatsapp-signup/meta-sandbox';
import { chromiumLaunchOptions } from './chromium.js';

/** @type {import('@whatsapp-signup/meta-sandbox').RunningMetaSandbox | undefined} */
let sandbox;

/** @type {import('@web/test-runner').TestRunnerConfig} */
export default {
  rootDir: '..',
  // The signup element's suites, and the template composer's beside its source.
  files: ['test/**/*.test.ts', 'src/**/*.test.ts'],
  nodeResolve: { exportConditions: ['source', 'browser', 'development'] },
  concurrency: 2,
  testFramework: { config: { timeout: 15_000 } },
  testsFinishTimeout: 300_000,
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: chromiumLaunchOptions,
    }),
  ],
  plugins: [
    esbuildPlugin({ ts: true, target: 'es2022' }),
    {
      name: 'meta-sandbox',
      async serverStart() {
        sandbox = await startMetaSandbox({ port: 0, host: '127.0.0.1' });
      },
      async serverStop() {
        await sandbox?.close();
      },
      serve(context) {
        if (context.path === '/__meta-sandbox.js') {
          return { body: `export const sandboxUrl = ${JSON.stringify(sandbox?.url)};`, type: 'js' };
        }
        return undefined;
      },
    },
  ],
};
