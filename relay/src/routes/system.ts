/**
 * Unauthenticated operational endpoints: liveness, readiness, metrics, OpenAPI.
 * @module
 */
import { Hono } from 'hono';
import type { RelayEnv, RelayServices } from '../http/context.js';
import { ApiError } from '../http/errors.js';
import { buildOpenApiDocument } from '../http/openapi.js';

/** The system routes. */
export function systemRoutes({ store, metrics, isShuttingDown, config }: RelayServices) {
  const app = new Hono<RelayEnv>();
  const openapi = buildOpenApiDocument(config.publicUrl);
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    if (isShuttingDown()) throw new ApiError(503, 'shutting_down', 'The relay is shutting down.');
    try {
      await store.ping();
    } catch {
      throw new ApiError(503, 'database_unavailable', 'The database does not answer.');
    }
    return c.json({ status: 'ready' });
  });
  app.get('/metrics', async (c) =>
    c.body(await metrics.render(), 200, { 'Content-Type': metrics.contentType }),
  );
  app.get('/openapi.json', (c) => c.json(openapi));
  return app;
}
