/**
 * The widget with its production defaults (`sdk-url` on connect.facebook.net, messages
 * trusted only from https://www.facebook.com), Meta's hosts routed by Playwright to the
 * Meta sandbox: the same setup the end-to-end suite uses. Run after the build.
 *
 * Checks that the sandbox SDK, loaded "from connect.facebook.net", opens its popup on
 * https://www.facebook.com/<version>/dialog/oauth, that the messages then come from that
 * origin and are trusted by default, and that a FINISH reaches the relay request.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { startMetaSandbox } from '@whatsapp-signup/meta-sandbox';
import { chromium } from 'playwright-core';
import { chromiumLaunchOptions } from '../chromium.js';

const sandbox = await startMetaSandbox();
const bundle = readFileSync(new URL('../dist/whatsapp-signup.js', import.meta.url));
const page = `<!doctype html><html lang="en"><meta charset="utf-8"><title>hosts</title>
<script type="module" src="/whatsapp-signup.js"></script>
<whatsapp-signup app-id="1234567890" config-id="987654321" relay-url="https://relay.test"
  session-token="t" meta-local-storage="DE"></whatsapp-signup>`;
const site = http.createServer((request, response) => {
  if (request.url === '/whatsapp-signup.js') {
    response.setHeader('Content-Type', 'text/javascript');
    response.end(bundle);
    return;
  }
  response.setHeader('Content-Type', 'text/html');
  response.end(page);
});
await new Promise((resolve) => site.listen(0, 'localhost', resolve));
const siteUrl = `http://localhost:${site.address().port}`;

const browser = await chromium.launch(chromiumLaunchOptions);
try {
  const context = await browser.newContext();
  // Meta's hosts → the sandbox (the popup is a page of this context, so it is routed too).
  await context.route(/^https:\/\/www\.facebook\.com\//, async (route) => {
    const url = new URL(route.request().url());
    const answer = await fetch(`${sandbox.url}${url.pathname}${url.search}`);
    const headers = Object.fromEntries(answer.headers);
    await route.fulfill({ status: answer.status, headers, body: Buffer.from(await answer.arrayBuffer()) });
  });
  await context.route(/^https:\/\/connect\.facebook\.net\//, async (route) => {
    const url = new URL(route.request().url());
    const answer = await fetch(`${sandbox.url}${url.pathname}`);
    await route.fulfill({
      status: answer.status,
      headers: Object.fromEntries(answer.headers),
      body: await answer.text(),
    });
  });
  const posts = [];
  await context.route('https://relay.test/**', async (route) => {
    const request = route.request();
    if (request.method() === 'POST') posts.push(JSON.parse(request.postData() ?? '{}'));
    await route.fulfill({
      status: 202,
      contentType: 'application/json',
      headers: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': '*' },
      body: JSON.stringify({ id: 'onb_1', status: 'completed', step: 'done', senderState: 'ACTIVE' }),
    });
  });
  const tab = await context.newPage();
  await tab.goto(siteUrl);
  await tab.evaluate(() => {
    window.__META_SANDBOX_SCENARIO__ = { action: 'finish', event: 'FINISH', phone: true };
    window.__events = [];
    for (const name of ['ready', 'launch', 'finish', 'complete', 'error']) {
      document.addEventListener(`whatsapp-signup-${name}`, (event) =>
        window.__events.push([name, event.detail]),
      );
    }
  });
  const button = tab.locator('whatsapp-signup').locator('[part=button]');
  await button.waitFor();
  await tab.waitForFunction(
    () => !document.querySelector('whatsapp-signup')?.shadowRoot?.querySelector('[part=button]')?.disabled,
  );
  const [popup] = await Promise.all([tab.waitForEvent('popup'), button.click()]);
  assert.match(popup.url(), /^https:\/\/www\.facebook\.com\/v25\.0\/dialog\/oauth\?/);
  await tab.waitForFunction(
    () => window.__events.some(([name]) => name === 'complete' || name === 'error'),
    null,
    {
      timeout: 15_000,
    },
  );
  const events = await tab.evaluate(() => window.__events);
  // `ready` may have fired before the listeners were added: leave it out.
  assert.deepEqual(
    events.map(([name]) => name).filter((name) => name !== 'ready'),
    ['launch', 'finish', 'complete'],
    JSON.stringify(events),
  );
  assert.equal(posts.length, 1);
  assert.equal(posts[0].wabaId, '102290129340398');
  assert.match(posts[0].code, /^sandbox-code-/);
  console.log('facebook-hosts: default sdk-url and meta-origins work with Meta hosts routed to the sandbox');
} finally {
  await browser.close();
  site.close();
  await sandbox.close();
}
