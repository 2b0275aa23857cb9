/**
 * Fixed-window rate limits (hono-rate-limiter, in memory per replica): one per
 * client IP on every `/v1` route, one per customer on the customer routes.
 * Over the limit: 429 `rate_limited` with `Retry-After`.
 * @module
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { rateLimiter } from 'hono-rate-limiter';
import { ApiError } from './errors.js';

const WINDOW_MS = 60_000;

function retryAfterSeconds(c: Context): string {
  const info = c.get('rateLimit' as never) as { resetTime?: Date } | undefined;
  const seconds = info?.resetTime ? Math.ceil((info.resetTime.getTime() - Date.now()) / 1000) : 60;
  return String(Math.max(1, seconds));
}

/** The client's address as the socket saw it (`unknown` when there is no socket, e.g. `app.request()`). */
export function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * A limiter of `limit` requests per minute per key; `key` returning undefined
 * skips the request. A limit of 0 turns it off.
 */
export function limitPerMinute(
  limit: number,
  key: (c: Context) => string | undefined,
  scope: string,
): MiddlewareHandler {
  if (limit <= 0) return async (_c, next) => next();
  return rateLimiter({
    windowMs: WINDOW_MS,
    limit,
    standardHeaders: 'draft-6',
    skip: (c) => key(c) === undefined,
    keyGenerator: (c) => `${scope}:${key(c) ?? ''}`,
    handler: (c) => {
      throw new ApiError(429, 'rate_limited', `Too many requests (${scope}); try again later.`, undefined, {
        'Retry-After': retryAfterSeconds(c),
      });
    },
  });
}
