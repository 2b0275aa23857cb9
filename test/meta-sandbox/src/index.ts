/**
 * The Meta sandbox: a fake Facebook JS SDK and a WhatsApp Embedded Signup popup,
 * served by a small Hono app from an origin of its own (a second origin next to
 * the page under test, as facebook.com is in production).
 *
 * - `GET /sdk.js` and `GET /<locale>/sdk.js`: the fake SDK (`FB.init`, `FB.login`, `FB.getLoginStatus`).
 * - `GET /<version>/dialog/oauth?…`: the popup `FB.login` opens; a person clicks an ending, or a
 *   `scenario` parameter runs one without clicks.
 * - `GET /empty.js`: a script that loads but defines no `FB` (an SDK load that never completes).
 *
 * See `test/meta-sandbox/README.md`.
 * @module
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const PUBLIC_DIR = new URL('../public/', import.meta.url);

function readPublic(name: string): string {
  return readFileSync(new URL(name, PUBLIC_DIR), 'utf8');
}

const JS = 'text/javascript; charset=utf-8';

/**
 * Builds the sandbox app. The files are read once, when the app is created.
 * @returns a Hono app; mount it or serve it with {@link startMetaSandbox}.
 */
export function createMetaSandbox(): Hono {
  const sdk = readPublic('sdk.js');
  const popupHtml = readPublic('popup.html');
  const popupJs = readPublic('popup.js');
  const popupCss = readPublic('popup.css');
  const app = new Hono();

  const serveSdk = (c: { header: (k: string, v: string) => void; body: (b: string) => Response }) => {
    c.header('Content-Type', JS);
    // The widget loads the SDK with crossorigin="anonymous", as Meta's snippet does.
    c.header('Access-Control-Allow-Origin', '*');
    c.header('Cache-Control', 'no-store');
    return c.body(sdk);
  };
  app.get('/sdk.js', (c) => serveSdk(c));
  app.get('/:locale/sdk.js', (c) => serveSdk(c));
  app.get('/empty.js', (c) => {
    c.header('Content-Type', JS);
    c.header('Access-Control-Allow-Origin', '*');
    return c.body('// Meta sandbox: loads, defines nothing.\n');
  });
  app.get('/:version/dialog/oauth', (c) => {
    c.header('Cache-Control', 'no-store');
    return c.html(popupHtml);
  });
  app.get('/__sandbox/popup.js', (c) => {
    c.header('Content-Type', JS);
    return c.body(popupJs);
  });
  app.get('/__sandbox/popup.css', (c) => {
    c.header('Content-Type', 'text/css; charset=utf-8');
    return c.body(popupCss);
  });
  app.get('/healthz', (c) => c.json({ ok: true }));
  app.get('/', (c) =>
    c.html(
      '<!doctype html><html lang="en"><meta charset="utf-8"><title>Meta sandbox</title>' +
        '<body style="font-family:system-ui;margin:2rem"><h1>Meta sandbox</h1>' +
        '<p>A fake Facebook JS SDK at <code>/sdk.js</code> and an Embedded Signup popup at ' +
        '<code>/v25.0/dialog/oauth</code>. See <code>test/meta-sandbox/README.md</code>.</p></body></html>',
    ),
  );
  return app;
}

/** Options of {@link startMetaSandbox}. */
export interface MetaSandboxOptions {
  /** Port to listen on; `0` (the default) picks a free one. */
  port?: number;
  /** Host to listen on; default `127.0.0.1`. */
  host?: string;
}

/** A running sandbox. */
export interface RunningMetaSandbox {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:43117`. */
  url: string;
  /** Stops the server and drops open connections. */
  close: () => Promise<void>;
}

/**
 * Starts the sandbox on `host:port`.
 * @example
 * const sandbox = await startMetaSandbox({ port: 0 });
 * // <whatsapp-signup sdk-url="${sandbox.url}/sdk.js" meta-origins="${sandbox.url}">
 * await sandbox.close();
 */
export function startMetaSandbox(options: MetaSandboxOptions = {}): Promise<RunningMetaSandbox> {
  const host = options.host ?? '127.0.0.1';
  const app = createMetaSandbox();
  return new Promise((resolve, reject) => {
    const server = serve(
      { fetch: app.fetch, port: options.port ?? 0, hostname: host },
      (info: AddressInfo) => {
        const urlHost = info.address.includes(':') ? `[${info.address}]` : info.address;
        resolve({
          url: `http://${urlHost}:${info.port}`,
          close: () =>
            new Promise<void>((done) => {
              if ('closeAllConnections' in server) server.closeAllConnections();
              server.close(() => done());
            }),
        });
      },
    );
    server.once('error', reject);
  });
}
