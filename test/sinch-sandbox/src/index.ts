/**
 * `@whatsapp-signup/sinch-sandbox`: a local Sinch (OAuth2, Subprojects, Provisioning, Conversation) that
 * behaves like the real one, with a control API for tests and demos. See the package README.
 * @module
 */
import { type ServerType, serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { buildApp } from './app.js';
import { controlRoutes, createControl, type SinchSandboxControl } from './control.js';
import { SandboxCore } from './core.js';
import { TokenIssuer } from './tokens.js';
import type { SinchSandboxOptions } from './types.js';

export type { SinchSandboxControl } from './control.js';
export { signCallback, verifyCallbackSignature } from './signing.js';
export type * from './types.js';

/** An in-process sandbox: the Hono app and its control. */
export interface SinchSandbox {
  /** The Hono app; serve it, or call `app.request()` (connection-reset faults then throw instead). */
  app: Hono<{ Bindings: object }>;
  control: SinchSandboxControl;
  /** Stops pending activations and approvals and waits for callbacks under way. */
  close(): Promise<void>;
}

/** Creates the sandbox without listening. */
export function createSinchSandbox(options: SinchSandboxOptions = {}): SinchSandbox {
  const core = new SandboxCore(options);
  const tokens = new TokenIssuer();
  const control = createControl(core, tokens);
  const app = buildApp(core, tokens, controlRoutes(control) as never);
  return {
    app: app as never,
    control,
    async close() {
      core.cancelTimers();
      await core.settleCallbacks();
    },
  };
}

/** A listening sandbox. */
export interface RunningSinchSandbox {
  /** Base URL, e.g. `http://127.0.0.1:8788`. */
  url: string;
  /** The CONTRACT §3 variables that point a relay at this sandbox. */
  env: {
    SINCH_AUTH_URL: string;
    SINCH_SUBPROJECT_URL: string;
    SINCH_PROVISIONING_URL: string;
    SINCH_CONVERSATION_URL: string;
  };
  control: SinchSandboxControl;
  app: SinchSandbox['app'];
  close(): Promise<void>;
}

/** Starts the sandbox on `host:port` (port 0 picks a free one; host defaults to 127.0.0.1). */
export async function startSinchSandbox(
  options: SinchSandboxOptions & { port?: number; host?: string } = {},
): Promise<RunningSinchSandbox> {
  const { port = 0, host = '127.0.0.1', ...sandboxOptions } = options;
  const sandbox = createSinchSandbox(sandboxOptions);
  const server = await new Promise<ServerType>((resolve, reject) => {
    const started = serve({ fetch: sandbox.app.fetch, port, hostname: host }, () => resolve(started));
    started.once('error', reject);
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`;
  return {
    url,
    env: {
      SINCH_AUTH_URL: `${url}/oauth2/token`,
      SINCH_SUBPROJECT_URL: `${url}/sub`,
      SINCH_PROVISIONING_URL: `${url}/prov`,
      SINCH_CONVERSATION_URL: `${url}/conv/{region}`,
    },
    control: sandbox.control,
    app: sandbox.app,
    async close() {
      await sandbox.close();
      await new Promise<void>((resolve) => {
        const closable = server as ServerType & { closeAllConnections?: () => void };
        server.close(() => resolve());
        closable.closeAllConnections?.();
      });
    },
  };
}
