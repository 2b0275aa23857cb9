import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type RunningSinchSandbox,
  type SinchSandboxOptions,
  startSinchSandbox,
} from '@whatsapp-signup/sinch-sandbox';
import { findFreePort } from '../../../demo/server/free-port.js';
import { Recorder } from './recorder.js';
import { RelayApi } from './relay-api.js';
import { RelayChild, type RelayStart } from './relay-child.js';
import type { NamedSecret } from './secret-scan.js';

/** Which database the relay runs on. */
export type DatabaseKind = 'sqlite' | 'postgres';

/** The local Postgres the project's suites use; `TEST_DATABASE_URL` overrides it. */
export const DEFAULT_POSTGRES_URL = 'postgres://relay:relay@127.0.0.1:5432/relay_test';

/** How to start a relay under test. */
export interface RelayUnderTestOptions {
  database?: DatabaseKind;
  /** Sets `RELAY_PUBLIC_URL` and `SINCH_WEBHOOK_SECRET` so the sandbox calls the relay back. */
  callbacks?: boolean;
  /** Options of the in-process Sinch sandbox. */
  sandbox?: SinchSandboxOptions;
  /** Extra relay variables, applied last. */
  env?: Record<string, string>;
}

/** A relay child process against an in-process Sinch sandbox, with an API client and a recorder. */
export interface RelayUnderTest {
  url: string;
  relay: RelayChild;
  /** The first start, on the empty database (migrations included). */
  firstStart: RelayStart;
  sinch: RunningSinchSandbox;
  api: RelayApi;
  recorder: Recorder;
  adminToken: string;
  /** `SINCH_WEBHOOK_SECRET` (set only with `callbacks`), for tests that sign callbacks themselves. */
  webhookSecret: string;
  databaseUrl: string;
  /** Every secret of the run so far: configured ones, OAuth tokens, sender bearer tokens, session tokens. */
  secrets(): NamedSecret[];
  /** Stops the relay (SIGTERM), the sandbox, and drops the database. */
  close(): Promise<void>;
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

interface FreshDatabase {
  url: string;
  drop(): Promise<void>;
}

async function freshDatabase(kind: DatabaseKind): Promise<FreshDatabase> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'relay-reliability-'));
    return {
      url: `sqlite:${join(dir, 'relay.db')}`,
      drop: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
    };
  }
  // The relay's own test helper creates and drops a throw-away database on the server it is given.
  process.env.TEST_DATABASE_URL ??= DEFAULT_POSTGRES_URL;
  const { postgresKind } = await import('../../../relay/src/test-support/databases.js');
  if (!postgresKind) throw new Error('TEST_DATABASE_URL is not set');
  return postgresKind.create();
}

/**
 * Starts the Sinch sandbox in this process and the built relay (`relay/dist/main.js`) as a child on a
 * fresh database, configured only through CONTRACT §3 variables plus the tuning knobs in `env`. Rate
 * limits are off unless `env` sets them: these suites measure the relay, not its limiter.
 */
export async function startRelayUnderTest(options: RelayUnderTestOptions = {}): Promise<RelayUnderTest> {
  const keyId = `key-${hex(4)}`;
  const keySecret = `ks-${hex(24)}`;
  const projectId = `project-${hex(4)}`;
  const adminToken = `admin-${hex(24)}`;
  const sessionSecret = `session-${hex(32)}`;
  const webhookSecret = `wh-${hex(24)}`;
  const recorder = new Recorder();
  const sinch = await startSinchSandbox({ ...options.sandbox, keyId, keySecret, projectId });
  const database = await freshDatabase(options.database ?? 'sqlite').catch(async (error: unknown) => {
    await sinch.close();
    throw error;
  });
  const port = await findFreePort();
  const relayUrl = `http://127.0.0.1:${port}`;
  const relay = new RelayChild({
    env: {
      HOST: '127.0.0.1',
      PORT: String(port),
      SINCH_PROJECT_ID: projectId,
      SINCH_KEY_ID: keyId,
      SINCH_KEY_SECRET: keySecret,
      SINCH_AUTH: 'oauth',
      ...sinch.env,
      ...(options.callbacks ? { RELAY_PUBLIC_URL: relayUrl, SINCH_WEBHOOK_SECRET: webhookSecret } : {}),
      RELAY_SESSION_SECRET: sessionSecret,
      RELAY_ADMIN_TOKEN: adminToken,
      DATABASE_URL: database.url,
      RELAY_RATE_LIMIT_PER_MINUTE: '0',
      RELAY_CUSTOMER_RATE_LIMIT_PER_MINUTE: '0',
      ...options.env,
    },
    onLine: (line, stream) => recorder.logLine(line, stream),
  });
  let firstStart: RelayStart;
  try {
    firstStart = await relay.start();
  } catch (error) {
    await sinch.close();
    await database.drop();
    throw error;
  }
  const api = new RelayApi(relay.url, adminToken, recorder);
  const basic = Buffer.from(`${keyId}:${keySecret}`).toString('base64');
  return {
    url: relay.url,
    relay,
    firstStart,
    sinch,
    api,
    recorder,
    adminToken,
    webhookSecret,
    databaseUrl: database.url,
    secrets() {
      const state = sinch.control.state();
      return [
        { kind: 'sinch key secret', value: keySecret },
        { kind: 'sinch basic credentials', value: basic },
        { kind: 'admin token', value: adminToken },
        { kind: 'session secret', value: sessionSecret },
        { kind: 'webhook secret', value: webhookSecret },
        ...sinch.control.issuedTokens().map((value) => ({ kind: 'oauth token', value })),
        ...state.senders
          .map((item) => item.sender.bearerToken)
          .filter((value): value is string => typeof value === 'string')
          .map((value) => ({ kind: 'sender bearer token', value })),
        ...api.sessionTokens.map((value) => ({ kind: 'session token', value })),
      ];
    },
    async close() {
      await relay.stop().catch(() => undefined);
      await sinch.close().catch(() => undefined);
      await database.drop().catch(() => undefined);
    },
  };
}
