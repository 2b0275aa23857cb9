import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from './http-server.js';
import { startDemoMetaSandbox } from './meta-sandbox.js';

/** The value of the popup's input `id`. */
function inputValue(html: string, id: string): string | undefined {
  return new RegExp(`<input[^>]*\\bid="${id}"[^>]*\\bvalue="(\\d+)"`).exec(html)?.[1];
}

describe('the demo Meta sandbox', () => {
  let sandbox: RunningServer;
  beforeAll(async () => {
    sandbox = await startDemoMetaSandbox();
  });
  afterAll(() => sandbox.close());

  it('serves on a 127.0.0.1 origin, with the fake SDK', async () => {
    expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const sdk = await fetch(`${sandbox.url}/sdk.js`);
    expect(sdk.status).toBe(200);
    expect(await sdk.text()).toContain('FB');
  });

  it('proposes fresh WABA and phone number IDs in every popup', async () => {
    const pages = await Promise.all(
      [1, 2].map(async () => (await fetch(`${sandbox.url}/v25.0/dialog/oauth?client_id=1`)).text()),
    );
    const ids = pages.flatMap((html) => [inputValue(html, 'waba-id'), inputValue(html, 'phone-number-id')]);
    for (const id of ids) expect(id).toMatch(/^[1-9]\d{14}$/);
    expect(new Set(ids).size).toBe(4);
    expect(pages[0]).toContain('id="finish"');
  });
});
