/**
 * `/v1/onboardings`: start (POST), read, follow (SSE), retry, and the admin list.
 * @module
 */
import { randomUUID } from 'node:crypto';
import {
  CreateOnboardingBodySchema,
  isFinished,
  ONBOARDING_SSE_EVENT,
  OnboardingListQuerySchema,
} from '@whatsapp-signup/shared';
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { Principal } from '../auth/principal.js';
import { readJsonBody } from '../http/body.js';
import type { RelayEnv, RelayServices } from '../http/context.js';
import { ApiError, notFound, zodDetails } from '../http/errors.js';
import { limitPerMinute } from '../http/rate-limit.js';
import { decodeCursor, type OnboardingRow } from '../store/index.js';
import { toOnboarding } from '../store/resource.js';

/** `Idempotency-Key`: 1–255 visible ASCII characters. */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;
const DEFAULT_PAGE_SIZE = 50;

/** The onboarding routes. */
export function onboardingRoutes(services: RelayServices) {
  const { store, auth, events, wake, now, config, isShuttingDown } = services;
  const customerLimit = limitPerMinute(
    config.http.customerRateLimitPerMinute,
    (c) => c.get('customerId'),
    'customer',
  );

  /** Loads `id` if `principal` may see it; 404 otherwise (another customer's looks like none). */
  async function visibleOnboarding(principal: Principal, id: string): Promise<OnboardingRow> {
    const row = id.length <= 64 ? await store.getOnboarding(id) : undefined;
    if (!row) throw notFound();
    if (principal.kind === 'customer' && principal.session.customerId !== row.customer_id) throw notFound();
    return row;
  }

  const app = new Hono<RelayEnv>();

  app.post(
    '/',
    async (c, next) => {
      const session = await auth.customer(c);
      c.set('session', session);
      c.set('customerId', session.customerId);
      await next();
    },
    customerLimit,
    async (c) => {
      const session = c.get('session');
      if (!session) throw new ApiError(401, 'unauthorized', 'A session token is required.');
      const key = c.req.header('idempotency-key');
      if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
        throw new ApiError(
          400,
          'invalid_idempotency_key',
          'Idempotency-Key must be 1–255 visible ASCII characters.',
        );
      }
      const body = await readJsonBody(c, CreateOnboardingBodySchema);
      const outcome = await store.createOnboarding(
        {
          id: randomUUID(),
          customer_id: session.customerId,
          waba_id: body.wabaId,
          phone_number_id: body.phoneNumberId,
          region: body.region,
          meta_local_storage: body.metaLocalStorage,
          business_id: body.businessId ?? null,
          finish_event: body.finishEvent ?? null,
          display_name: session.displayName,
          labels: JSON.stringify(session.labels),
        },
        now(),
        key,
      );
      if (outcome.kind === 'key_conflict') {
        throw new ApiError(
          409,
          'idempotency_key_reused',
          'This Idempotency-Key was used with a different body (wabaId, phoneNumberId, region, metaLocalStorage).',
        );
      }
      if (outcome.kind === 'existing') return c.json(toOnboarding(outcome.row), 200);
      events.emit(outcome.row);
      wake(outcome.row.id);
      c.header('Location', `/v1/onboardings/${outcome.row.id}`);
      return c.json(toOnboarding(outcome.row), 202);
    },
  );

  app.get('/', async (c) => {
    await auth.admin(c);
    const parsed = OnboardingListQuerySchema.safeParse(c.req.query());
    if (!parsed.success) throw new ApiError(400, 'invalid_query', 'Invalid query.', zodDetails(parsed.error));
    const cursor = parsed.data.cursor === undefined ? undefined : decodeCursor(parsed.data.cursor);
    if (parsed.data.cursor !== undefined && !cursor) {
      throw new ApiError(400, 'invalid_cursor', 'The cursor is not one this relay issued.');
    }
    const page = await store.listOnboardings({
      customerId: parsed.data.customerId,
      status: parsed.data.status,
      limit: parsed.data.limit ?? DEFAULT_PAGE_SIZE,
      cursor,
    });
    return c.json({ onboardings: page.rows.map(toOnboarding), nextCursor: page.nextCursor });
  });

  app.get('/:id', async (c) => {
    const principal = await auth.principal(c);
    return c.json(toOnboarding(await visibleOnboarding(principal, c.req.param('id'))));
  });

  app.post('/:id/retry', async (c) => {
    const principal = await auth.principal(c);
    const row = await visibleOnboarding(principal, c.req.param('id'));
    const retried = await store.retryFailed(row.id, now());
    if (!retried) {
      throw new ApiError(
        409,
        'not_failed',
        `Only a failed onboarding can be retried; this one is ${row.status}.`,
      );
    }
    events.emit(retried);
    wake(retried.id);
    return c.json(toOnboarding(retried), 202);
  });

  app.get('/:id/events', async (c) => {
    const principal = await auth.principal(c, { allowQuery: true });
    const initial = await visibleOnboarding(principal, c.req.param('id'));
    const { keepAliveMs, pollMs } = services.sse;
    c.header('Cache-Control', 'no-cache, no-transform');
    c.header('X-Accel-Buffering', 'no');
    return streamSSE(c, async (stream) => {
      let lastSent = '';
      let lastWrite = Date.now();
      let finished = false;
      const send = async (row: OnboardingRow) => {
        const resource = toOnboarding(row);
        const data = JSON.stringify(resource);
        if (data === lastSent) return;
        lastSent = data;
        lastWrite = Date.now();
        await stream.writeSSE({ event: ONBOARDING_SSE_EVENT, id: String(row.version), data });
        finished = isFinished(resource);
      };
      await send(initial);
      let poke: (() => void) | undefined;
      const unsubscribe = events.subscribe((row) => {
        if (row.id === initial.id) poke?.();
      });
      stream.onAbort(() => poke?.());
      try {
        // A stopping relay ends its streams (within one poll) so that in-flight requests can finish;
        // clients resume on another replica, and the first frame there is the current state.
        while (!finished && !stream.aborted && !isShuttingDown()) {
          // Wake on an in-process change, or re-read periodically for changes made by other replicas.
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, pollMs);
            poke = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          if (stream.aborted) break;
          const row = await store.getOnboarding(initial.id);
          if (row) await send(row);
          if (!finished && Date.now() - lastWrite >= keepAliveMs) {
            lastWrite = Date.now();
            await stream.write(': keep-alive\n\n');
          }
        }
      } finally {
        unsubscribe();
      }
    });
  });

  return app;
}
