import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startSinchSandbox } from '@whatsapp-signup/sinch-sandbox';
import { createDemoApp } from './app.js';
import type { MetaSettings } from './config.js';
import { findFreePort } from './free-port.js';
import { type RunningServer, serveOnLocalhost } from './http-server.js';
import { startDemoMetaSandbox } from './meta-sandbox.js';
import { chooseServices } from './real-services.js';
import { RelayProcess } from './relay-process.js';
import { builtPaths, workspaceRoot } from './workspace.js';

/** The Sinch sandbox as started in-process. */
export type SinchSandbox = Awaited<ReturnType<typeof startSinchSandbox>>;
/** The Meta sandbox as the demo serves it (in-process, on `http://127.0.0.1:<port>`). */
export type MetaSandbox = RunningServer;

/** Placeholder Meta IDs for the sandbox: digits, as Meta's are, and obviously fake. */
const SANDBOX_APP_ID = '1000000000000001';
const SANDBOX_CONFIG_ID = '2000000000000002';

/** How to start the demo stack. */
export interface DemoStackOptions {
  /** Port of the demo site on localhost; random when omitted or 0. */
  sitePort?: number;
  /** Folder for the relay's SQLite database; kept across runs. Default `demo/.data`. */
  dataDir?: string;
  /**
   * Environment to read the real-mode variables from (see `real-services.ts`).
   * Default: none, i.e. always the sandboxes.
   */
  env?: NodeJS.ProcessEnv;
  /**
   * `sandbox-origin` (default): the page passes the Meta sandbox's `sdk-url` and
   * `meta-origins`. `widget-defaults`: the page leaves both unset, as a production
   * ASP would; a test then routes Meta's URLs to the sandbox.
   */
  metaWiring?: 'sandbox-origin' | 'widget-defaults';
  /** Sender activation delay of the Sinch sandbox, in ms. */
  activationMs?: number;
  /** Every line the relay prints (its JSON request log). Default: dropped. */
  onRelayLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** Called when the relay exits without being stopped. */
  onRelayExit?: (code: number | null, signal: NodeJS.Signals | null) => void;
  /**
   * Another origin the site is reached under (an HTTPS tunnel for a real Meta app);
   * the relay allows it as well as `http://localhost:<port>`.
   */
  publicUrl?: string;
  /** Extra relay variables, applied last (tests use this to shorten timings). */
  relayEnv?: Record<string, string>;
}

/** The running demo: the site, the relay child process and the sandboxes. */
export interface DemoStack {
  /** The demo site, `http://localhost:<port>`. */
  url: string;
  mode: 'sandbox' | 'real';
  /** The relay, running as `node relay/dist/main.js`. */
  relay: RelayProcess;
  /** The relay's `RELAY_ADMIN_TOKEN` (for tests that query the relay directly). */
  adminToken: string;
  /** The in-process Sinch sandbox (sandbox mode only). */
  sinch?: SinchSandbox;
  /** The in-process Meta sandbox (sandbox mode only). */
  meta?: MetaSandbox;
  /** What the widget on the page is told about Meta. */
  metaSettings: MetaSettings;
  /** Stops the site, the relay (SIGTERM, then SIGKILL) and the sandboxes. */
  close(): Promise<void>;
}

/** A random secret, hex-encoded: 32 bytes give 64 characters, enough for `RELAY_SESSION_SECRET`. */
function secret(bytes = 32): string {
  return randomBytes(bytes).toString('hex');
}

/**
 * Starts the whole demo: the Sinch sandbox and the Meta sandbox (on a second
 * origin, `http://127.0.0.1:<port>`), the relay as a child process on SQLite,
 * configured only through its environment variables, and the demo ASP site.
 *
 * With `META_APP_ID`, `META_CONFIG_ID` and the `SINCH_*` variables in `env`, no
 * sandbox starts: the relay talks to Sinch and the page loads Meta's real SDK.
 */
export async function startDemoStack(options: DemoStackOptions = {}): Promise<DemoStack> {
  const root = workspaceRoot();
  const paths = builtPaths(root);
  const dataDir = options.dataDir ?? paths.dataDir;
  mkdirSync(dataDir, { recursive: true });
  const services = chooseServices(options.env ?? {});
  const cleanups: Array<() => Promise<void>> = [];
  const closeAll = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    cleanups.length = 0;
  };

  try {
    const sitePort = options.sitePort || (await findFreePort());
    const siteUrl = `http://localhost:${sitePort}`;
    const relayPort = await findFreePort();
    const relayUrl = `http://127.0.0.1:${relayPort}`;
    const adminToken = secret();

    let sinch: SinchSandbox | undefined;
    let meta: MetaSandbox | undefined;
    let metaSettings: MetaSettings;
    let sinchEnv: Record<string, string>;

    if (services.mode === 'real') {
      metaSettings = { appId: services.appId, configId: services.configId };
      sinchEnv = services.relayEnv;
    } else {
      const keyId = `demo-key-${secret(4)}`;
      const keySecret = secret();
      const projectId = `demo-project-${secret(4)}`;
      sinch = await startSinchSandbox({
        port: 0,
        host: '127.0.0.1',
        keyId,
        keySecret,
        projectId,
        ...(options.activationMs === undefined ? {} : { activationMs: options.activationMs }),
      });
      const sinchHandle = sinch;
      cleanups.push(() => sinchHandle.close());
      meta = await startDemoMetaSandbox();
      const metaHandle = meta;
      cleanups.push(() => metaHandle.close());
      metaSettings =
        options.metaWiring === 'widget-defaults'
          ? { appId: SANDBOX_APP_ID, configId: SANDBOX_CONFIG_ID }
          : {
              appId: SANDBOX_APP_ID,
              configId: SANDBOX_CONFIG_ID,
              sdkUrl: `${meta.url}/sdk.js`,
              origins: [meta.url],
            };
      sinchEnv = {
        SINCH_PROJECT_ID: projectId,
        SINCH_KEY_ID: keyId,
        SINCH_KEY_SECRET: keySecret,
        SINCH_AUTH: 'oauth',
        SINCH_AUTH_URL: `${sinch.url}/oauth2/token`,
        SINCH_SUBPROJECT_URL: `${sinch.url}/sub`,
        SINCH_PROVISIONING_URL: `${sinch.url}/prov`,
        SINCH_CONVERSATION_URL: `${sinch.url}/conv/{region}`,
        // The sandbox calls back like Sinch does, so the relay hears about activation at once.
        SINCH_WEBHOOK_SECRET: secret(),
        RELAY_PUBLIC_URL: relayUrl,
      };
    }

    const relay = new RelayProcess({
      entry: paths.relayMain,
      cwd: root,
      env: {
        PORT: String(relayPort),
        HOST: '127.0.0.1',
        ...sinchEnv,
        RELAY_SESSION_SECRET: secret(),
        RELAY_ADMIN_TOKEN: adminToken,
        RELAY_ALLOWED_ORIGINS: options.publicUrl
          ? `${siteUrl},${new URL(options.publicUrl).origin}`
          : siteUrl,
        DATABASE_URL: `sqlite:${join(dataDir, 'relay.db')}`,
        ...options.relayEnv,
      },
      ...(options.onRelayLine ? { onLine: options.onRelayLine } : {}),
      ...(options.onRelayExit ? { onUnexpectedExit: options.onRelayExit } : {}),
    });
    await relay.start();
    cleanups.push(() => relay.stop());

    const site: RunningServer = await serveOnLocalhost(
      createDemoApp({
        relayUrl,
        adminToken,
        meta: metaSettings,
        widgetBundle: paths.widgetBundle,
        siteDir: paths.siteDir,
        reactDist: paths.reactDist,
        mode: services.mode,
      }),
      sitePort,
    );
    cleanups.push(() => site.close());

    return {
      url: site.url,
      mode: services.mode,
      relay,
      adminToken,
      ...(sinch ? { sinch } : {}),
      ...(meta ? { meta } : {}),
      metaSettings,
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
