#!/usr/bin/env node
// `pnpm demo`: the whole flow offline in one command. Starts the Sinch sandbox,
// the Meta sandbox, the relay (child process, SQLite in demo/.data) and the demo
// ASP site, prints one line `Demo: <url>`, and stops everything on Ctrl-C or
// SIGTERM. With META_APP_ID, META_CONFIG_ID and the SINCH_* variables set it
// uses the real Facebook SDK and real Sinch instead, and says so.
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chooseServices } from '../dist/server/real-services.js';
import { startDemoStack } from '../dist/server/stack.js';
import { builtPaths } from '../dist/server/workspace.js';

/** Reads a port variable: unset → 0 (any free port). */
function portFrom(name) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return 0;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    console.error(`${name} must be a port number (1-65535), got "${raw}"`);
    process.exit(2);
  }
  return port;
}

const paths = builtPaths();
const dataDir = process.env.DEMO_DATA_DIR || paths.dataDir;
mkdirSync(dataDir, { recursive: true });
// The relay's JSON request log goes to a file so that the terminal shows only the URL.
const relayLog = createWriteStream(join(dataDir, 'relay.log'), { flags: 'a' });

const services = chooseServices(process.env);
if (services.mode === 'sandbox' && services.incomplete) {
  console.error(`Real services need ${services.incomplete.join(', ')} as well; using the sandboxes.`);
}

let stack;
try {
  stack = await startDemoStack({
    sitePort: portFrom('DEMO_PORT'),
    dataDir,
    env: process.env,
    ...(process.env.DEMO_PUBLIC_URL ? { publicUrl: process.env.DEMO_PUBLIC_URL } : {}),
    activationMs: Number(process.env.SANDBOX_ACTIVATION_MS ?? 3000),
    onRelayLine: (line) => relayLog.write(`${line}\n`),
    onRelayExit: (code, signal) =>
      console.error(
        `The relay stopped (${signal ?? `exit code ${code}`}); its log is in ${join(dataDir, 'relay.log')}`,
      ),
  });
} catch (error) {
  console.error(`The demo could not start: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}

if (services.mode === 'real') {
  console.log(
    `Real services: Facebook's JS SDK (app ${services.appId}) and Sinch project ${services.projectId}; no sandboxes.`,
  );
}
console.log(`Demo: ${stack.url}`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await stack.close();
  relayLog.end(() => process.exit(0));
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
// `pnpm demo` does not pass a SIGTERM on to this script: when the parent goes away
// (this process is re-parented), stop as if the signal had arrived.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) void stop();
}, 500).unref();
