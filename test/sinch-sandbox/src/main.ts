/**
 * `pnpm sandbox:sinch`: the Sinch sandbox alone, configured by environment variables.
 * @module
 */
import { startSinchSandbox } from './index.js';

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    console.error(`${name} must be a non-negative integer, got ${JSON.stringify(raw)}`);
    process.exit(1);
  }
  return value;
}

const sandbox = await startSinchSandbox({
  port: intFromEnv('PORT', 8788),
  host: process.env.HOST || '127.0.0.1',
  keyId: process.env.SANDBOX_KEY_ID,
  keySecret: process.env.SANDBOX_KEY_SECRET,
  projectId: process.env.SANDBOX_PROJECT_ID,
  activationMs: intFromEnv('SANDBOX_ACTIVATION_MS', 3_000),
  projectInitMs: intFromEnv('SANDBOX_PROJECT_INIT_MS', 0),
  tokenRateLimit: process.env.SANDBOX_TOKEN_RATE_LIMIT === '1',
});
console.log(`Sinch sandbox: ${sandbox.url}`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
