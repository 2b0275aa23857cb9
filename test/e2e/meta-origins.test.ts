import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext } from '../support/browser.js';
import { routeFacebookToSandbox } from '../support/facebook-routes.js';
import { finishInPopup, metaId } from '../support/meta-popup.js';
import { SignupPage } from '../support/signup-page.js';
import { type E2EStack, startE2EStack, uniqueCustomer } from '../support/stack.js';

describe("widget on its default meta-origins, with Meta's URLs routed to the sandbox", {
  timeout: 90_000,
}, () => {
  let stack: E2EStack;
  let browser: Browser;
  let context: BrowserContext;
  let facebookRequests: string[];

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startE2EStack({ metaWiring: 'widget-defaults' }), launchBrowser()]);
    context = await newContext(browser);
    facebookRequests = await routeFacebookToSandbox(context, String(stack.meta?.url));
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  }, 60_000);

  it('completes with the popup on https://www.facebook.com, trusted by the default origin list', async () => {
    const signup = await SignupPage.open(context, stack.url, uniqueCustomer('facebook'));
    const widget = signup.widget;
    expect(await widget.getAttribute('meta-origins')).toBeNull();
    expect(await widget.getAttribute('sdk-url')).toBeNull();
    await signup.waitForEvent('whatsapp-signup-ready');
    expect(
      facebookRequests.some(
        (url) => url.startsWith('https://connect.facebook.net/') && url.endsWith('/sdk.js'),
      ),
    ).toBe(true);

    await signup.choosePlacement('BR', 'BR');
    const popup = await signup.launch();
    expect(new URL(popup.url()).origin).toBe('https://www.facebook.com');
    const wabaId = metaId();
    const phoneNumberId = metaId();
    await finishInPopup(popup, { wabaId, phoneNumberId });

    const complete = await signup.waitForEvent('whatsapp-signup-complete', { timeout: 30_000 });
    expect(complete).toMatchObject({
      status: 'completed',
      region: 'BR',
      metaLocalStorage: 'BR',
      wabaId,
      phoneNumberId,
    });
    expect(['br', 'us']).toContain(complete.appRegion);
    // Only facebook.com is trusted here, so the widget has nothing to warn about.
    expect(signup.consoleText('warning').filter((text) => text.includes('meta-origins'))).toEqual([]);
    expect(await signup.cspViolations()).toEqual([]);
    await signup.page.close();
  });

  it('ignores a look-alike message from the sandbox origin, which is not on the default list', async () => {
    const signup = await SignupPage.open(context, stack.url, uniqueCustomer('spoof'));
    await signup.waitForEvent('whatsapp-signup-ready');
    await signup.choosePlacement('EU', 'DE');
    // A window on the sandbox's own origin (http://127.0.0.1:…) finishing the flow must be ignored.
    const spoofUrl = `${stack.meta?.url}/v25.0/dialog/oauth?origin=${encodeURIComponent(stack.url)}&scenario=${encodeURIComponent(
      JSON.stringify({ action: 'finish', wabaId: metaId(), phoneNumberId: metaId() }),
    )}`;
    const spoofWindow = signup.page.waitForEvent('popup');
    await signup.page.evaluate((url) => {
      (globalThis as unknown as { open(url: string, name: string): unknown }).open(url, 'spoof');
    }, spoofUrl);
    await (await spoofWindow).waitForLoadState('domcontentloaded');
    await signup.page.waitForTimeout(1_000);
    expect(await signup.events('whatsapp-signup-finish')).toEqual([]);
    await signup.page.close();
  });
});
