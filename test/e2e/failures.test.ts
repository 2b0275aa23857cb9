import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext } from '../support/browser.js';
import { cancelInPopup, finishInPopup, metaId, reportErrorInPopup } from '../support/meta-popup.js';
import { saveScreenshot } from '../support/screenshots.js';
import { SignupPage } from '../support/signup-page.js';
import { sinchControl, sinchState } from '../support/sinch-state.js';
import { type E2EStack, startE2EStack, uniqueCustomer } from '../support/stack.js';

describe('failures the customer can see and recover from', { timeout: 90_000 }, () => {
  let stack: E2EStack;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    // A short retry budget, so that a Sinch outage fails an onboarding in seconds rather than minutes.
    [stack, browser] = await Promise.all([
      startE2EStack({ relayEnv: { RELAY_RETRY_BUDGET_MS: '1500' } }),
      launchBrowser(),
    ]);
    context = await newContext(browser);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  }, 60_000);

  /** Opens the dashboard for a new customer with the widget ready and a placement chosen. */
  async function readyPage(label: string): Promise<SignupPage> {
    const signup = await SignupPage.open(context, stack.url, uniqueCustomer(label), {
      name: 'Blue Harbor Travel',
    });
    await signup.waitForEvent('whatsapp-signup-ready');
    await signup.choosePlacement('EU', 'DE');
    return signup;
  }

  it('cancel: reports the step the user left and lets them start again', async () => {
    const signup = await readyPage('cancel');
    const popup = await signup.launch();
    await cancelInPopup(popup, 'PHONE_NUMBER_SETUP');
    expect(await signup.waitForEvent('whatsapp-signup-cancel')).toEqual({
      currentStep: 'PHONE_NUMBER_SETUP',
    });
    await expect.poll(() => signup.part('button').isEnabled()).toBe(true);
    expect(await signup.events('whatsapp-signup-error')).toEqual([]);
    await saveScreenshot(signup.page, '06-cancelled');

    // Starting again works: the second attempt finishes.
    const again = await signup.launch();
    await finishInPopup(again, { wabaId: metaId(), phoneNumberId: metaId() });
    await signup.waitForEvent('whatsapp-signup-complete', { timeout: 30_000 });
    await signup.page.close();
  });

  it("Meta error: shows Meta's message and code, and nothing reaches the relay", async () => {
    const signup = await readyPage('meta-error');
    const requestsBefore = sinchControl(stack).requests().length;
    const popup = await signup.launch();
    const message =
      'Your verified name violates WhatsApp guidelines. Please edit your verified name and try again.';
    await reportErrorInPopup(popup, message, '524126');
    const error = await signup.waitForEvent('whatsapp-signup-error');
    expect(error).toMatchObject({ kind: 'meta-error', message, code: '524126', retryable: true });
    expect(await signup.events('whatsapp-signup-cancel')).toEqual([]);
    await expect.poll(() => signup.part('error').textContent()).toContain(message);
    await saveScreenshot(signup.page, '07-meta-error');
    expect(sinchControl(stack).requests().length).toBe(requestsBefore);
    await signup.page.close();
  });

  it('no phone number: finish fires, then a retryable no-phone-number error', async () => {
    const signup = await readyPage('no-phone');
    const popup = await signup.launch();
    const wabaId = metaId();
    await finishInPopup(popup, {
      wabaId,
      phoneNumberId: metaId(),
      event: 'FINISH_ONLY_WABA',
      withPhone: false,
    });
    const finish = await signup.waitForEvent('whatsapp-signup-finish');
    expect(finish).toMatchObject({ event: 'FINISH_ONLY_WABA', wabaId });
    expect(finish.phoneNumberId).toBeUndefined();
    expect(await signup.waitForEvent('whatsapp-signup-error')).toMatchObject({
      kind: 'no-phone-number',
      retryable: true,
    });
    await expect.poll(() => signup.part('error').isVisible()).toBe(true);
    await saveScreenshot(signup.page, '08-no-phone-number');
    expect(sinchState(stack).senders.some((sender) => sender.wabaId === wabaId)).toBe(false);
    await signup.page.close();
  });

  it('SDK blocked: says so, and the button loads the SDK again once it is reachable', async () => {
    // Blocked on the context, so the block is in place before the page's first request.
    const blocked = `${stack.metaSettings.sdkUrl}*`;
    await context.route(blocked, (route) => route.abort('blockedbyclient'));
    try {
      const signup = await SignupPage.open(context, stack.url, uniqueCustomer('sdk-blocked'));
      expect(await signup.waitForEvent('whatsapp-signup-error')).toMatchObject({
        kind: 'sdk-blocked',
        retryable: true,
      });
      expect(await signup.events('whatsapp-signup-ready')).toEqual([]);
      await expect.poll(() => signup.part('error').isVisible()).toBe(true);
      await saveScreenshot(signup.page, '09-sdk-blocked');

      await context.unroute(blocked);
      await signup.part('button').click();
      await signup.waitForEvent('whatsapp-signup-ready');
      await signup.page.close();
    } finally {
      await context.unroute(blocked).catch(() => undefined);
    }
  });

  it("sender rejected at Sinch: the page shows Sinch's reason", async () => {
    const signup = await readyPage('sender-error');
    const phoneNumberId = metaId();
    sinchControl(stack).planSenderOutcome({ outcome: 'ERROR', phoneNumberId });
    const popup = await signup.launch();
    await finishInPopup(popup, { wabaId: metaId(), phoneNumberId });

    const error = await signup.waitForEvent('whatsapp-signup-error', { timeout: 30_000 });
    expect(error).toMatchObject({ kind: 'onboarding-failed', code: 'sender_error' });
    const failed = (await signup.events('whatsapp-signup-progress')).at(-1)?.detail;
    expect(failed).toMatchObject({ status: 'failed', step: 'sender_activation', senderState: 'ERROR' });
    // The sandbox's `changes.errorReason`, passed on by the relay and shown by the widget.
    await expect
      .poll(() => signup.part('error').textContent())
      .toContain('Reach out to support at support@sinch.com');
    await signup.page.close();
  });

  it('sender activation failing at Sinch: the page shows the reason, and retry succeeds', async () => {
    const control = sinchControl(stack);
    const signup = await readyPage('activation-fails');
    const phoneNumberId = metaId();
    // Sinch keeps answering 503 while the sender activates, until the relay's retry budget is spent.
    control.setActivationDelay(60_000);
    control.injectFault({ operation: 'senders.get', times: 10_000, status: 503 });
    try {
      const popup = await signup.launch();
      await finishInPopup(popup, { wabaId: metaId(), phoneNumberId });

      const error = await signup.waitForEvent('whatsapp-signup-error', { timeout: 30_000 });
      expect(error).toMatchObject({ kind: 'onboarding-failed', retryable: true });
      const failed = (await signup.events('whatsapp-signup-progress')).at(-1)?.detail;
      expect(failed).toMatchObject({ status: 'failed', step: 'sender_activation' });
      expect(String(error.message).length).toBeGreaterThan(0);
      await expect.poll(() => signup.part('error').textContent()).toContain(String(error.message));
      await expect.poll(() => signup.part('retry').isVisible()).toBe(true);
      await saveScreenshot(signup.page, '10-onboarding-failed');

      // Sinch recovers and activates the sender; the customer clicks retry and the onboarding completes.
      control.clearFaults();
      control.setSenderState(String(failed?.senderId), 'ACTIVE');
      await signup.part('retry').click();
      const complete = await signup.waitForEvent('whatsapp-signup-complete', { timeout: 30_000 });
      expect(complete).toMatchObject({ status: 'completed', step: 'done', phoneNumberId, error: null });
      expect(
        sinchState(stack).senders.filter((sender) => sender.phoneNumberId === phoneNumberId),
      ).toHaveLength(1);
    } finally {
      control.clearFaults();
      control.setActivationDelay(400);
    }
    await signup.page.close();
  });
});
