import { randomInt } from 'node:crypto';
import { createMetaSandbox } from '@whatsapp-signup/meta-sandbox';
import { Hono } from 'hono';
import { type RunningServer, serveOn127 } from './http-server.js';

/** A Meta-style object ID: 15 digits, never starting with 0. */
export function freshMetaId(): string {
  return `${randomInt(1, 10)}${String(randomInt(0, 1e14)).padStart(14, '0')}`;
}

/** The popup's two ID fields, with their default value. */
const ID_FIELD = /(<input[^>]*\bid="(?:waba-id|phone-number-id)"[^>]*\bvalue=")\d+(")/g;

/**
 * Replaces the fixed WABA and phone number IDs the sandbox popup proposes with
 * fresh ones. A person clicking Finish twice, for two customers or across demo
 * restarts (the relay's database survives them, the Sinch sandbox does not) then
 * onboards a new number each time instead of meeting Sinch's `waba_id_used`.
 */
export function withFreshIds(popupHtml: string): string {
  return popupHtml.replace(
    ID_FIELD,
    (_match, before: string, after: string) => `${before}${freshMetaId()}${after}`,
  );
}

/**
 * The Meta sandbox as the demo serves it, on `http://127.0.0.1:<port>` (a second
 * origin next to the site's `http://localhost`): the package's fake SDK and popup,
 * with fresh IDs proposed in each popup.
 */
export function startDemoMetaSandbox(): Promise<RunningServer> {
  const sandbox = createMetaSandbox();
  const app = new Hono();
  app.get('/:version/dialog/oauth', async (c) => {
    const answer = await sandbox.fetch(c.req.raw);
    if (!answer.headers.get('content-type')?.includes('text/html')) return answer;
    const headers = new Headers(answer.headers);
    headers.delete('content-length');
    return new Response(withFreshIds(await answer.text()), { status: answer.status, headers });
  });
  app.all('*', (c) => sandbox.fetch(c.req.raw));
  return serveOn127(app);
}
