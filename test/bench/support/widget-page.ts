import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Placeholder Meta IDs (digits, obviously fake), as the demo uses with the Meta sandbox. */
const APP_ID = '1000000000000001';
const CONFIG_ID = '2000000000000002';

/** The timings one page load reports, in ms from navigation start (`performance.now()`). */
export interface PageTimings {
  /** When the bundle's bytes had arrived (Resource Timing `responseEnd`): its execution starts next. */
  bundleLoaded: number;
  /** When `customElements.whenDefined('whatsapp-signup')` resolved. */
  defined: number;
  /** When `whatsapp-signup-ready` fired (SDK loaded and `FB.init` done). */
  ready: number;
}

/**
 * The page under test: an inline script that listens for `whatsapp-signup-ready`, the one script tag, and
 * the element pointed at the Meta sandbox's SDK. `window.__bench` collects the timings.
 */
export function benchPage(bundlePath: string, metaUrl: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>widget bench</title>
<script>
  window.__bench = {};
  document.addEventListener('whatsapp-signup-ready', function () {
    window.__bench.ready = performance.now();
  });
</script>
<script type="module" src="${bundlePath}"></script>
<script type="module">
  customElements.whenDefined('whatsapp-signup').then(function () {
    window.__bench.defined = performance.now();
  });
</script>
</head>
<body>
<whatsapp-signup app-id="${APP_ID}" config-id="${CONFIG_ID}" relay-url="http://127.0.0.1:9"
  session-token="bench.session.token" meta-local-storage="DE"
  sdk-url="${metaUrl}/sdk.js" meta-origins="${metaUrl}"></whatsapp-signup>
</body>
</html>`;
}

/** A static server for the page and the bundle, on `localhost` (a secure context, as the widget needs). */
export async function serveBenchPage(
  bundleFile: string,
  metaUrl: string,
): Promise<{ url: string; bundleUrl: string; close(): Promise<void> }> {
  const bundle = readFileSync(bundleFile);
  const page = benchPage('/whatsapp-signup.js', metaUrl);
  const server: Server = createServer((request, response) => {
    const headers = { 'cache-control': 'no-store' };
    if (request.url === '/whatsapp-signup.js') {
      response.writeHead(200, { ...headers, 'content-type': 'text/javascript; charset=utf-8' });
      response.end(bundle);
    } else if (request.url === '/') {
      response.writeHead(200, { ...headers, 'content-type': 'text/html; charset=utf-8' });
      response.end(page);
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://localhost:${port}/`;
  return {
    url,
    bundleUrl: `${url}whatsapp-signup.js`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
