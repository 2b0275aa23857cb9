import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import type { DemoSiteConfig } from './config.js';
import { demoSecurityHeaders } from './csp.js';
import { currentCustomer, isCustomerId, logIn, SAMPLE_CUSTOMERS } from './customers.js';
import { customersPage, dashboardPage, onboardingsPage, problemPage, templatesPage } from './pages.js';
import { RelayAdminClient, RelayAdminError } from './relay-admin.js';

/** What the React page fetches to configure its widget (`GET /api/widget-config`). */
export interface WidgetConfigAnswer {
  appId: string;
  configId: string;
  relayUrl: string;
  sdkUrl?: string;
  metaOrigins?: string;
  customer: { id: string; name: string };
  mode: 'sandbox' | 'real';
}

/** A short, secret-free explanation of a relay failure for the page. */
function describe(error: unknown): string {
  if (error instanceof RelayAdminError) {
    return error.status === 0
      ? 'The relay is not reachable right now. Is it running?'
      : `The relay refused the request (${error.status}${error.code ? ` ${error.code}` : ''}).`;
  }
  return 'Unexpected error in the demo back end.';
}

/**
 * The demo ASP's back end: "logs in" a sample customer, mints its session token
 * through the relay's `POST /v1/sessions`, renders the pages and serves the widget
 * bundle. Every answer carries the strict CSP of `csp.ts`.
 */
export function createDemoApp(config: DemoSiteConfig): Hono {
  const relay = new RelayAdminClient(config.relayUrl, config.adminToken);
  const app = new Hono();
  const { mode } = config;

  app.use(demoSecurityHeaders(config));
  // Pages embed a fresh session token: never cache them.
  app.use(async (c, next) => {
    await next();
    if (!c.res.headers.has('cache-control')) c.header('Cache-Control', 'no-store');
  });

  app.get('/healthz', (c) => c.json({ ok: true }));

  app.get('/', async (c) => {
    const customer = currentCustomer(c);
    try {
      const session = await relay.createSession(customer);
      return c.html(
        dashboardPage({
          customer,
          mode,
          relayUrl: config.relayUrl,
          sessionToken: session.token,
          meta: config.meta,
        }),
      );
    } catch (error) {
      return c.html(problemPage({ customer, mode, message: describe(error) }), 503);
    }
  });

  app.get('/onboardings', async (c) => {
    const customer = currentCustomer(c);
    try {
      const onboardings = await relay.listOnboardings(customer.id);
      return c.html(onboardingsPage({ customer, mode, onboardings }));
    } catch (error) {
      return c.html(onboardingsPage({ customer, mode, onboardings: [], problem: describe(error) }), 503);
    }
  });

  app.get('/templates', async (c) => {
    const customer = currentCustomer(c);
    try {
      const session = await relay.createSession(customer);
      return c.html(
        templatesPage({ customer, mode, relayUrl: config.relayUrl, sessionToken: session.token }),
      );
    } catch (error) {
      return c.html(problemPage({ customer, mode, message: describe(error) }), 503);
    }
  });

  app.get('/customers', (c) => c.html(customersPage({ customer: currentCustomer(c), mode })));

  app.get('/login', (c) => {
    const id = c.req.query('as') ?? '';
    if (!isCustomerId(id)) return c.text('customer IDs are 1-63 lower-case letters, digits and dashes', 400);
    const sample = SAMPLE_CUSTOMERS.find((customer) => customer.id === id);
    const typedName = c.req.query('name')?.trim().slice(0, 80);
    logIn(c, sample ?? { id, name: typedName || id });
    const next = c.req.query('next');
    // Only local paths: the login link must not become an open redirect.
    return c.redirect(next?.startsWith('/') && !next.startsWith('//') ? next : '/');
  });

  app.get('/api/widget-config', (c) => {
    const customer = currentCustomer(c);
    const answer: WidgetConfigAnswer = {
      appId: config.meta.appId,
      configId: config.meta.configId,
      relayUrl: config.relayUrl,
      ...(config.meta.sdkUrl ? { sdkUrl: config.meta.sdkUrl } : {}),
      ...(config.meta.origins ? { metaOrigins: config.meta.origins.join(',') } : {}),
      customer,
      mode,
    };
    return c.json(answer);
  });

  // The React page's `getSessionToken`: a POST so that no cross-site page can read it via a simple GET.
  app.post('/api/session', async (c) => {
    try {
      const session = await relay.createSession(currentCustomer(c));
      return c.json(session);
    } catch (error) {
      return c.json({ error: describe(error) }, 503);
    }
  });

  // The two script-tag bundles, served the way an ASP would host them.
  const bundles: Record<string, string> = {
    '/whatsapp-signup.js': config.widgetBundle,
    '/whatsapp-template-composer.js': join(dirname(config.widgetBundle), 'whatsapp-template-composer.js'),
  };
  for (const [path, file] of Object.entries(bundles)) {
    app.get(path, async (c, next) => {
      if (!existsSync(file)) return c.text('widget bundle missing: run `pnpm build` first', 503);
      c.header('Cache-Control', 'no-cache');
      return serveStatic({ path: file })(c, next);
    });
  }

  app.use(
    '/assets/*',
    serveStatic({ root: config.siteDir, rewriteRequestPath: (path) => path.replace(/^\/assets/, '') }),
  );

  app.get('/react', (c) => c.redirect('/react/'));
  app.use(
    '/react/*',
    serveStatic({ root: config.reactDist, rewriteRequestPath: (path) => path.replace(/^\/react/, '') }),
  );
  app.get('/react/*', (c) =>
    existsSync(join(config.reactDist, 'index.html'))
      ? c.notFound()
      : c.text('React page not built: run `pnpm build` first', 503),
  );

  return app;
}
