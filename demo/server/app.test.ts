import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoApp } from './app.js';
import type { DemoSiteConfig } from './config.js';
import { type RunningServer, serveOnLocalhost } from './http-server.js';

const ADMIN_TOKEN = 'admin-token-that-must-stay-on-the-server';

/** A stand-in for the relay's admin endpoints that records what the demo back end asked. */
function fakeRelay(calls: Array<{ path: string; body: unknown; auth: string | undefined }>) {
  const app = new Hono();
  app.post('/v1/sessions', async (c) => {
    const body = await c.req.json();
    calls.push({ path: c.req.path, body, auth: c.req.header('authorization') });
    return c.json({ token: `session-for-${body.customerId}`, expiresAt: '2030-01-01T00:00:00.000Z' }, 201);
  });
  app.get('/v1/onboardings', (c) => {
    calls.push({ path: c.req.url, body: null, auth: c.req.header('authorization') });
    const customerId = c.req.query('customerId') ?? '';
    return c.json({
      onboardings: [
        {
          id: 'onb_1',
          customerId,
          status: 'completed',
          step: 'done',
          region: 'EU',
          metaLocalStorage: 'DE',
          wabaId: '102290129340398',
          phoneNumberId: '106540352242922',
          subprojectId: 'sub_1',
          senderId: 'sender_<1>',
          senderState: 'ACTIVE',
          appId: 'app_1',
          appRegion: 'eu',
          error: null,
          createdAt: '2026-11-25T14:03:11.000Z',
          updatedAt: '2026-11-25T14:04:00.000Z',
        },
      ],
      nextCursor: null,
    });
  });
  return app;
}

describe('demo ASP back end', () => {
  const calls: Array<{ path: string; body: unknown; auth: string | undefined }> = [];
  let relay: RunningServer;
  let config: DemoSiteConfig;

  beforeAll(async () => {
    relay = await serveOnLocalhost(fakeRelay(calls));
    const siteDir = mkdtempSync(join(tmpdir(), 'demo-site-'));
    writeFileSync(join(siteDir, 'demo.css'), 'body{}');
    const widgetBundle = join(siteDir, 'bundle.js');
    writeFileSync(widgetBundle, 'export {};');
    config = {
      relayUrl: relay.url,
      adminToken: ADMIN_TOKEN,
      meta: {
        appId: '1000000000000001',
        configId: '2000000000000002',
        sdkUrl: 'http://127.0.0.1:9999/sdk.js',
        origins: ['http://127.0.0.1:9999'],
      },
      widgetBundle,
      siteDir,
      reactDist: join(siteDir, 'react'),
      mode: 'sandbox',
    };
  });
  afterAll(() => relay.close());

  it('renders the widget tag with a session token minted through the relay', async () => {
    const app = createDemoApp(config);
    const response = await app.request('/');
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain('<script type="module" src="/whatsapp-signup.js"></script>');
    expect(page).toContain('session-token="session-for-acme-bakery"');
    expect(page).toContain(`relay-url="${relay.url}"`);
    expect(page).toContain('sdk-url="http://127.0.0.1:9999/sdk.js"');
    expect(page).toContain('meta-origins="http://127.0.0.1:9999"');
    expect(page).not.toContain(ADMIN_TOKEN);
    const session = calls.find((call) => call.path === '/v1/sessions');
    expect(session?.auth).toBe(`Bearer ${ADMIN_TOKEN}`);
    expect(session?.body).toMatchObject({ customerId: 'acme-bakery', displayName: 'Acme Bakery' });
  });

  it('sends a strict CSP without unsafe-inline, and an opener policy that keeps the popup working', async () => {
    const response = await createDemoApp(config).request('/');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self' http://127.0.0.1:9999");
    expect(csp).toContain(`connect-src 'self' ${relay.url}`);
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin-allow-popups');
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it("leaves sdk-url and meta-origins to the widget's defaults when not configured", async () => {
    const app = createDemoApp({ ...config, meta: { appId: '1', configId: '2' } });
    const response = await app.request('/');
    const page = await response.text();
    expect(page).not.toContain('sdk-url=');
    expect(page).not.toContain('meta-origins=');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self' https://connect.facebook.net");
    expect(csp).toContain(
      'frame-src https://connect.facebook.net https://www.facebook.com https://web.facebook.com',
    );
  });

  it('logs in as another customer, escaping what it echoes, and refuses bad IDs and foreign redirects', async () => {
    const app = createDemoApp(config);
    const login = await app.request('/login?as=e2e-shop&name=%3Cb%3EShop%3C/b%3E&next=//evil.example');
    expect(login.status).toBe(302);
    expect(login.headers.get('location')).toBe('/');
    const cookie = login.headers
      .getSetCookie()
      .map((line) => line.split(';')[0])
      .join('; ');
    const page = await (await app.request('/', { headers: { cookie } })).text();
    expect(page).toContain('session-token="session-for-e2e-shop"');
    expect(page).toContain('&lt;b&gt;Shop&lt;/b&gt;');
    expect(page).not.toContain('<b>Shop</b>');
    expect((await app.request('/login?as=Not%20Valid')).status).toBe(400);
  });

  it("lists the customer's onboardings from the relay's admin list", async () => {
    const response = await createDemoApp(config).request('/onboardings');
    const page = await response.text();
    expect(response.status).toBe(200);
    expect(page).toContain('data-onboarding-id="onb_1"');
    expect(page).toContain('sender_&lt;1&gt;');
    expect(page).toContain('Completed');
    const list = calls.find((call) => call.path.includes('/v1/onboardings?'));
    expect(list?.path).toContain('customerId=acme-bakery');
  });

  it('says so, without details of the relay, when the relay is down', async () => {
    const app = createDemoApp({ ...config, relayUrl: 'http://127.0.0.1:9' });
    const dashboard = await app.request('/');
    expect(dashboard.status).toBe(503);
    expect(await dashboard.text()).toContain('The relay is not reachable right now');
    const list = await app.request('/onboardings');
    expect(list.status).toBe(503);
  });

  it('gives the React page its settings and fresh session tokens', async () => {
    const app = createDemoApp(config);
    const settings = await (await app.request('/api/widget-config')).json();
    expect(settings).toEqual({
      appId: '1000000000000001',
      configId: '2000000000000002',
      relayUrl: relay.url,
      sdkUrl: 'http://127.0.0.1:9999/sdk.js',
      metaOrigins: 'http://127.0.0.1:9999',
      customer: { id: 'acme-bakery', name: 'Acme Bakery' },
      mode: 'sandbox',
    });
    expect(JSON.stringify(settings)).not.toContain(ADMIN_TOKEN);
    const session = await app.request('/api/session', { method: 'POST' });
    expect(await session.json()).toMatchObject({ token: 'session-for-acme-bakery' });
    expect((await app.request('/api/session')).status).toBe(404);
  });

  it('renders the template composer with a session token of the logged-in customer', async () => {
    calls.length = 0;
    const response = await createDemoApp(config).request('/templates');
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain('<script type="module" src="/whatsapp-template-composer.js"></script>');
    expect(page).toMatch(
      /<whatsapp-template-composer\s+relay-url="[^"]+"\s+session-token="session-for-acme-bakery"/,
    );
    expect(page).not.toContain(ADMIN_TOKEN);
    expect(page).toContain('aria-current="page">Templates');
  });

  it('serves the widget bundle and the static assets', async () => {
    const app = createDemoApp(config);
    const bundle = await app.request('/whatsapp-signup.js');
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toContain('javascript');
    expect((await app.request('/assets/demo.css')).status).toBe(200);
    const missing = createDemoApp({ ...config, widgetBundle: join(config.siteDir, 'nope.js') });
    expect((await missing.request('/whatsapp-signup.js')).status).toBe(503);
  });
});
