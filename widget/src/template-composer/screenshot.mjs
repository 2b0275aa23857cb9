/**
 * Renders `<whatsapp-template-composer>` from the built bundle in headless Chromium, fills in a sample
 * template and writes `docs/screenshots/template-composer.png` (and `-pt-BR.png`).
 * Run from `widget/` after the bundle build: `node src/template-composer/screenshot.mjs`.
 * The relay is a `fetch` stub inside the page: nothing leaves the machine.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { chromiumLaunchOptions } from '../../chromium.js';

const widget = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bundle = readFileSync(join(widget, 'dist', 'whatsapp-template-composer.js'));
const out = join(widget, '..', 'docs', 'screenshots');

const templates = [
  { name: 'order_update', language: 'EN', category: 'UTILITY', state: 'APPROVED', wabaId: '1' },
  {
    name: 'spring_sale',
    language: 'PT_BR',
    category: 'MARKETING',
    state: 'REJECTED',
    rejectionCode: 'INVALID_FORMAT',
    wabaId: '1',
  },
  {
    name: 'login_code',
    language: 'ES',
    category: 'AUTHENTICATION',
    changes: { status: 'IN_PROGRESS' },
    wabaId: '1',
  },
];

const page = (lang) => `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>Composer</title>
<style>body{margin:0;padding:24px;background:#f0f2f5;font-family:system-ui}</style>
<script>
  const templates = ${JSON.stringify(templates)};
  window.fetch = async (url, init) => new Response(
    JSON.stringify(init && init.method === 'POST' ? JSON.parse(init.body) : { templates }),
    { status: init && init.method === 'POST' ? 201 : 200, headers: { 'Content-Type': 'application/json' } });
</script>
<script type="module" src="/whatsapp-template-composer.js"></script></head>
<body><whatsapp-template-composer relay-url="https://relay.example.com" session-token="t"></whatsapp-template-composer></body></html>`;

const server = createServer((req, res) => {
  if (req.url === '/whatsapp-template-composer.js') {
    res.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle);
  } else {
    const lang = req.url?.includes('pt') ? 'pt-BR' : 'en';
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(lang));
  }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch(chromiumLaunchOptions);
try {
  for (const [path, file] of [
    ['/', 'template-composer.png'],
    ['/pt', 'template-composer-pt-BR.png'],
  ]) {
    const tab = await browser.newPage({ viewport: { width: 1100, height: 900 }, deviceScaleFactor: 1 });
    await tab.goto(base + path);
    const el = tab.locator('whatsapp-template-composer');
    await el.locator('#f-name').fill('order_ready');
    await el.locator('#f-header').selectOption('TEXT');
    await el.locator('#f-header-text').fill('Order {{1}} is ready');
    await el.locator('#f-header-example-1').fill('A-1042');
    await el
      .locator('#f-body')
      .fill('Hi {{1}}, your order is *ready for pickup* at {{2}}.\nShow this message at the counter.');
    await el.locator('#f-body-example-1').fill('Ana');
    await el.locator('#f-body-example-2').fill('Rua Augusta 120');
    await el.locator('#f-footer').fill('Reply STOP to opt out');
    await el.locator('#f-add-kind').selectOption('QUICK_REPLY');
    await el.locator('[part="add-button"]').click();
    await el.locator('#f-button-0-text').fill('On my way');
    await el.locator('#f-add-kind').selectOption('URL');
    await el.locator('[part="add-button"]').click();
    await el.locator('#f-button-1-text').fill('Track order');
    await el.locator('#f-button-1-url').fill('https://wa.me/4915');
    await el.locator('#f-name').focus();
    await el.screenshot({ path: join(out, file) });
    await tab.close();
  }
} finally {
  await browser.close();
  server.close();
}
console.log(`Screenshots written to ${out}`);
