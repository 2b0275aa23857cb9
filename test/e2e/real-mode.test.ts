import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSinchSandbox } from '@whatsapp-signup/sinch-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoStack } from '../../demo/server/stack.js';
import { ensureBuilt } from '../support/build-check.js';
import { metaId } from '../support/meta-popup.js';

type RunningSinch = Awaited<ReturnType<typeof startSinchSandbox>>;
type Stack = Awaited<ReturnType<typeof startDemoStack>>;

/**
 * Real-services mode without the real services: the five variables are set, and
 * the Sinch URLs point at a separately started sandbox standing in for Sinch.
 * The demo must start no sandbox of its own, leave the widget on Meta's defaults,
 * and hand the Sinch variables to the relay unchanged.
 */
describe('pnpm demo in real-services mode', { timeout: 60_000 }, () => {
  let sinch: RunningSinch;
  let stack: Stack;
  const dataDir = mkdtempSync(join(tmpdir(), 'demo-real-mode-'));

  beforeAll(async () => {
    await ensureBuilt();
    sinch = await startSinchSandbox({
      keyId: 'real-key',
      keySecret: 'real-secret',
      projectId: 'real-project',
    });
    stack = await startDemoStack({
      dataDir,
      env: {
        META_APP_ID: '555000111222333',
        META_CONFIG_ID: '777000111222333',
        SINCH_PROJECT_ID: 'real-project',
        SINCH_KEY_ID: 'real-key',
        SINCH_KEY_SECRET: 'real-secret',
        ...sinch.env,
      },
    });
  }, 180_000);
  afterAll(async () => {
    await stack?.close();
    await sinch?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts no sandbox and renders the widget for the real Facebook SDK', async () => {
    expect(stack.mode).toBe('real');
    expect(stack.sinch).toBeUndefined();
    expect(stack.meta).toBeUndefined();
    const page = await fetch(`${stack.url}/`);
    const html = await page.text();
    expect(html).toContain('app-id="555000111222333"');
    expect(html).toContain('config-id="777000111222333"');
    expect(html).not.toContain('sdk-url=');
    expect(html).not.toContain('meta-origins=');
    expect(html).toContain('Live: real Meta and Sinch');
    expect(page.headers.get('content-security-policy')).toContain(
      "script-src 'self' https://connect.facebook.net",
    );
  });

  it("passes the Sinch variables to the relay, which onboards at that 'Sinch'", async () => {
    const session = await fetch(`${stack.relay.url}/v1/sessions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ customerId: 'real-mode-customer' }),
    });
    const { token } = (await session.json()) as { token: string };
    const created = await fetch(`${stack.relay.url}/v1/onboardings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        wabaId: metaId(),
        phoneNumberId: metaId(),
        region: 'EU',
        metaLocalStorage: 'DE',
      }),
    });
    expect(created.status).toBe(202);
    await expect
      .poll(() => sinch.control.requests({ operation: 'senders.create' }).length, { timeout: 15_000 })
      .toBe(1);
    expect(sinch.control.state().subprojects[0]?.parentProjectId).toBe('real-project');
  });
});
