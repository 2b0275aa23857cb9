/** A whole relay (app + runner + store) over a fake Sinch, for `app.request()` tests. */
import { SignJWT } from 'jose';
import { loadConfig, type RelayConfig } from '../config.js';
import { createLogger } from '../observability/logger.js';
import { createRelay, type Relay } from '../relay.js';
import { openStore, type Store } from '../store/index.js';
import { sqliteKind, type TestDatabaseKind } from './databases.js';
import { FakeSinch } from './fake-sinch.js';

/** Secrets of test relays (each long enough for the config rules). */
export const TEST_SECRETS = {
  session: 'test-session-secret-0123456789-abcdefghij',
  admin: 'test-admin-token-0123456789',
  webhook: 'test-sinch-webhook-secret',
  sinchKey: 'test-sinch-key-secret',
};

/** The environment of a test relay (fast timings, generous limits). */
export function testEnvironment(
  databaseUrl: string,
  overrides: Record<string, string> = {},
): Record<string, string> {
  return {
    SINCH_PROJECT_ID: 'parent-project',
    SINCH_KEY_ID: 'key-id',
    SINCH_KEY_SECRET: TEST_SECRETS.sinchKey,
    RELAY_SESSION_SECRET: TEST_SECRETS.session,
    RELAY_ADMIN_TOKEN: TEST_SECRETS.admin,
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'info',
    RELAY_RETRY_BUDGET_MS: '2000',
    RELAY_LEASE_MS: '2000',
    RELAY_RUNNER_INTERVAL_MS: '20',
    RELAY_POLL_INITIAL_MS: '20',
    RELAY_POLL_MAX_MS: '50',
    RELAY_SUBPROJECT_WARMUP_MS: '1000',
    RELAY_RATE_LIMIT_PER_MINUTE: '0',
    RELAY_CUSTOMER_RATE_LIMIT_PER_MINUTE: '0',
    ...overrides,
  };
}

/** A running test relay. */
export interface TestRelay {
  relay: Relay;
  app: Relay['app'];
  config: RelayConfig;
  store: Store;
  sinch: FakeSinch;
  /** Every log line written so far. */
  logLines: string[];
  /** Mints a session token for `customerId` (extra claims and header overrides for negative tests). */
  token(
    customerId: string,
    claims?: Record<string, unknown>,
    options?: { ttlSeconds?: number; alg?: string },
  ): Promise<string>;
  /** Headers for a JSON request with `token`. */
  headers(token: string, extra?: Record<string, string>): Record<string, string>;
  close(): Promise<void>;
}

/** Starts a test relay on a fresh database of `kind`. */
export async function startTestRelay(
  options: {
    env?: Record<string, string>;
    kind?: TestDatabaseKind;
    sse?: { keepAliveMs: number; pollMs: number };
  } = {},
): Promise<TestRelay> {
  const database = await (options.kind ?? sqliteKind).create();
  const config = loadConfig(testEnvironment(database.url, options.env));
  const store = await openStore(config.databaseUrl);
  const sinch = new FakeSinch();
  const logLines: string[] = [];
  const logger = createLogger(config.logLevel, { write: (line: string) => void logLines.push(line) });
  const relay = createRelay({ config, store, sinch, logger, sse: options.sse });
  relay.runner.start();
  const key = new TextEncoder().encode(TEST_SECRETS.session);
  return {
    relay,
    app: relay.app,
    config,
    store,
    sinch,
    logLines,
    async token(customerId, claims = {}, { ttlSeconds = 600, alg = 'HS256' } = {}) {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ ...claims })
        .setProtectedHeader({ alg })
        .setSubject(customerId)
        .setIssuedAt(now)
        .setExpirationTime(now + ttlSeconds)
        .sign(alg === 'HS512' ? new TextEncoder().encode(TEST_SECRETS.session.repeat(2)) : key);
    },
    headers(token, extra = {}) {
      return { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...extra };
    },
    async close() {
      await relay.stop();
      await store.close();
      await database.drop();
    },
  };
}
