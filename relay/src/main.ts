/**
 * The relay process: configuration → store (migrated) → Sinch client → runner
 * → HTTP server. SIGTERM/SIGINT stop accepting connections, let in-flight
 * requests and workflow steps finish, close the store and exit 0.
 * @module
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { ConfigError, loadConfig, type RelayConfig } from './config.js';
import { createLogger } from './observability/logger.js';
import { RelayMetrics } from './observability/metrics.js';
import { createRelay } from './relay.js';
import { createSinchClient } from './sinch/index.js';
import { openStore } from './store/index.js';
import { createTemplatesRoutes, TemplateStatusStore, templateStatusesMigration } from './templates/index.js';

function readConfig(): RelayConfig {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

async function main(): Promise<void> {
  const config = readConfig();
  const logger = createLogger(config.logLevel);
  if (config.sinch.auth === 'basic')
    logger.warn('SINCH_AUTH=basic sends the key on every call: use it for testing only');
  const store = await openStore(config.databaseUrl, {
    extraMigrations: { '0002_template_statuses': templateStatusesMigration },
  }).catch((error: unknown) => {
    logger.fatal({ err: error }, 'cannot open the database');
    process.exit(1);
  });
  const metrics = new RelayMetrics(() => store.countByStatus(), { defaultMetrics: true });
  const sinch = createSinchClient({
    projectId: config.sinch.projectId,
    keyId: config.sinch.keyId,
    keySecret: config.sinch.keySecret,
    auth: config.sinch.auth,
    authUrl: config.sinch.authUrl,
    subprojectUrl: config.sinch.subprojectUrl,
    provisioningUrl: config.sinch.provisioningUrl,
    conversationUrl: config.sinch.conversationUrl,
    timeoutMs: config.sinch.timeoutMs,
    logger: logger.child({ component: 'sinch' }),
    freshProjectWindowMs: config.workflow.subprojectWarmupMs,
    onCall: (call) => metrics.recordSinchCall(call),
  });
  const statuses = TemplateStatusStore.on(store.db);
  const relay = createRelay({
    config,
    store,
    sinch,
    logger,
    metrics,
    onTemplateCallback: (callback) => statuses.recordCallback(callback),
    extraRoutes: ({ auth }) => [
      createTemplatesRoutes({
        store,
        sinch,
        statuses,
        logger,
        maxBodyBytes: config.http.bodyLimitBytes,
        authenticate: async (c) => {
          try {
            const principal = await auth.principal(c);
            return principal.kind === 'customer' ? principal.session.customerId : undefined;
          } catch {
            return undefined;
          }
        },
      }),
    ],
  });
  relay.runner.start();

  const server = serve(
    { fetch: relay.app.fetch, hostname: config.host, port: config.port },
    (info: AddressInfo) => {
      const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
      logger.info({ url: `http://${host}:${info.port}` }, `Relay listening on http://${host}:${info.port}`);
    },
  );
  server.on('error', (error) => {
    logger.fatal({ err: error }, 'the HTTP server failed');
    process.exit(1);
  });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error('shutdown grace period exceeded; exiting');
      if ('closeAllConnections' in server) server.closeAllConnections();
      process.exit(1);
    }, config.http.shutdownGraceMs);
    force.unref();
    // Stop accepting; `close` resolves once in-flight requests are answered. SSE streams end by themselves
    // once `relay.stop()` has marked the relay as shutting down.
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    if ('closeIdleConnections' in server) server.closeIdleConnections();
    void (async () => {
      await relay.stop();
      await closed;
      await sinch.close();
      await store.close();
      logger.info('stopped');
      process.exit(0);
    })().catch((error: unknown) => {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

await main();
