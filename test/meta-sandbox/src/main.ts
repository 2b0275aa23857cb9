/**
 * Starts the Meta sandbox alone: `node test/meta-sandbox/dist/main.js`
 * (`PORT`, default 8789; `HOST`, default 127.0.0.1). Prints `Meta sandbox: <url>`.
 * @module
 */
import { startMetaSandbox } from './index.js';

const sandbox = await startMetaSandbox({
  port: Number(process.env.PORT ?? 8789),
  host: process.env.HOST ?? '127.0.0.1',
});
console.log(`Meta sandbox: ${sandbox.url}`);
const stop = () => {
  void sandbox.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
