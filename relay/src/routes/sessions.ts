/**
 * `POST /v1/sessions`: the ASP back end (admin token) mints a session token.
 * @module
 */
import { CreateSessionBodySchema } from '@whatsapp-signup/shared';
import { Hono } from 'hono';
import { readJsonBody } from '../http/body.js';
import type { RelayEnv, RelayServices } from '../http/context.js';

/** The session routes. */
export function sessionRoutes({ auth, sessions, now }: RelayServices) {
  const app = new Hono<RelayEnv>();
  app.post('/', async (c) => {
    await auth.admin(c);
    const body = await readJsonBody(c, CreateSessionBodySchema);
    const minted = await sessions.mint({ ...body, nowSeconds: Math.floor(now() / 1000) });
    return c.json(minted, 201);
  });
  return app;
}
