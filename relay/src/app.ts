/**
 * The relay's Hono app: middleware (request IDs, logs, secure headers, CORS,
 * body limit, per-IP rate limit), the routed sub-apps, and the one error
 * handler that turns everything into the CONTRACT error envelope.
 * @module
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import type { RelayEnv, RelayServices } from './http/context.js';
import { ApiError } from './http/errors.js';
import { clientAddress, limitPerMinute } from './http/rate-limit.js';
import { callbackRoutes } from './routes/callbacks.js';
import { onboardingRoutes } from './routes/onboardings.js';
import { sessionRoutes } from './routes/sessions.js';
import { systemRoutes } from './routes/system.js';

/** A sub-app mounted at the root beside the relay's own routes (it may declare its own environment). */
// biome-ignore lint/suspicious/noExplicitAny: sub-apps declare their own (compatible) environments.
export type ExtraRoutes = Hono<any, any, any>;

/**
 * True for errors that mean the database is unreachable or busy (not a bug): connection refused or reset,
 * Postgres connection-class (`08…`) and shutdown (`57P…`) errors, SQLite busy/locked, a destroyed pool.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = String((error as { code?: unknown }).code ?? '');
  return (
    /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|08|57P|SQLITE_BUSY|SQLITE_LOCKED)/.test(code) ||
    /driver has already been destroyed|Cannot use a pool after calling end|database connection is not open/i.test(
      error.message,
    )
  );
}

/** Builds the app over `services`; `extraRoutes` (e.g. the templates routes) are mounted at the root. */
export function createApp(services: RelayServices, extraRoutes: ExtraRoutes[] = []) {
  const { config, logger, metrics } = services;
  const app = new Hono<RelayEnv>();

  app.use(requestId());
  app.use(async function accessLog(c, next) {
    const started = performance.now();
    await next();
    const durationMs = Math.round((performance.now() - started) * 100) / 100;
    const route = c.req.routePath || 'unmatched';
    metrics.recordRequest(c.req.method, route, c.res.status, durationMs);
    // The path only: `?token=` (SSE) must never reach a log line.
    logger.info(
      {
        requestId: c.get('requestId'),
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        durationMs,
        customerId: c.get('customerId'),
      },
      'request',
    );
  });
  app.use(secureHeaders({ crossOriginResourcePolicy: 'cross-origin' }));
  app.use(
    '/v1/*',
    cors({
      origin: (origin) => (config.allowedOrigins.includes(origin) ? origin : null),
      allowMethods: ['GET', 'POST', 'OPTIONS'],
      allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'Last-Event-ID'],
      exposeHeaders: ['X-Request-Id', 'Retry-After', 'Location'],
      maxAge: 600,
    }),
  );
  app.use(
    '/v1/*',
    bodyLimit({
      maxSize: config.http.bodyLimitBytes,
      // The rest of the body is never read, so the connection cannot carry another request: say so, or
      // a keep-alive client would send its next request on a socket that is about to close.
      onError: () => {
        throw new ApiError(
          413,
          'payload_too_large',
          `The body exceeds ${config.http.bodyLimitBytes} bytes.`,
          undefined,
          { Connection: 'close' },
        );
      },
    }),
  );
  const ipLimit = limitPerMinute(config.http.ipRateLimitPerMinute, clientAddress, 'ip');
  app.use('/v1/onboardings/*', ipLimit);
  app.use('/v1/onboardings', ipLimit);
  app.use('/v1/sessions', ipLimit);
  app.use('/v1/templates', ipLimit);

  app.route('/v1/onboardings', onboardingRoutes(services));
  app.route('/v1/sessions', sessionRoutes(services));
  app.route('/v1/callbacks', callbackRoutes(services));
  app.route('/', systemRoutes(services));
  for (const routes of extraRoutes) app.route('/', routes);

  app.notFound((c) => {
    throw new ApiError(404, 'not_found', `No route for ${c.req.method} ${c.req.path}.`);
  });

  app.onError((error, c) => {
    const requestIdValue = c.get('requestId') ?? 'unknown';
    let apiError: ApiError;
    if (error instanceof ApiError) {
      apiError = error;
    } else if (isDatabaseUnavailable(error)) {
      logger.error({ requestId: requestIdValue, err: error }, 'database unavailable');
      apiError = new ApiError(
        503,
        'database_unavailable',
        'The relay cannot reach its database; try again shortly.',
        undefined,
        {
          'Retry-After': '5',
        },
      );
    } else if (error instanceof HTTPException && error.status < 500) {
      apiError = new ApiError(
        error.status as ApiError['status'],
        'bad_request',
        error.message || 'Bad request.',
      );
    } else {
      logger.error({ requestId: requestIdValue, err: error }, 'unhandled error');
      apiError = new ApiError(500, 'internal_error', 'The relay failed to handle this request.');
    }
    for (const [name, value] of Object.entries(apiError.headers ?? {})) c.header(name, value);
    return c.json(
      {
        error: {
          code: apiError.code,
          message: apiError.message,
          requestId: requestIdValue,
          ...(apiError.details ? { details: apiError.details } : {}),
        },
      },
      apiError.status,
    );
  });

  return app;
}
