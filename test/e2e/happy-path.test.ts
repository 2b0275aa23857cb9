import { describe, expect, it } from 'vitest';
import { useE2EStack } from '../support/e2e-suite.js';
import { finishInPopup, metaId } from '../support/meta-popup.js';
import { saveScreenshot } from '../support/screenshots.js';
import { SignupPage } from '../support/signup-page.js';
import { sinchState } from '../support/sinch-state.js';
import { uniqueCustomer } from '../support/stack.js';

describe('happy path on the demo dashboard', { timeout: 90_000 }, () => {
  // A visible activation delay, so the in-progress state can be seen (and photographed).
  const e2e = useE2EStack({ activationMs: 1_500 });

  it('goes from the click to completed, and Sinch received exactly one subproject, sender and app', async () => {
    const customer = uniqueCustomer('happy');
    const wabaId = metaId();
    const phoneNumberId = metaId();
    const signup = await SignupPage.open(e2e.context, e2e.stack.url, customer);
    await signup.waitForEvent('whatsapp-signup-ready');
    await expect.poll(() => signup.part('button').isVisible()).toBe(true);
    await saveScreenshot(signup.page, '01-dashboard-ready');

    await signup.choosePlacement('US', 'GB');
    const popup = await signup.launch();
    await signup.waitForEvent('whatsapp-signup-launch');
    await saveScreenshot(popup, '02-meta-popup');
    // The page trusts the sandbox's origin, which is not Meta's: the widget says so.
    expect(signup.consoleText('warning').join('\n')).toContain(`meta-origins trusts ${e2e.stack.meta?.url}`);
    await finishInPopup(popup, { wabaId, phoneNumberId });

    const finish = await signup.waitForEvent('whatsapp-signup-finish');
    expect(finish).toMatchObject({ event: 'FINISH', wabaId, phoneNumberId });

    // Progress while Sinch activates the sender.
    await signup.waitForProgressStep('sender_activation');
    await saveScreenshot(signup.page, '03-onboarding-in-progress');

    const complete = await signup.waitForEvent('whatsapp-signup-complete', { timeout: 30_000 });
    expect(complete).toMatchObject({
      customerId: customer,
      status: 'completed',
      step: 'done',
      region: 'US',
      metaLocalStorage: 'GB',
      wabaId,
      phoneNumberId,
      senderState: 'ACTIVE',
      appRegion: 'us',
      error: null,
    });
    await expect.poll(() => signup.part('status').getAttribute('data-phase')).toBe('completed');
    await saveScreenshot(signup.page, '04-onboarding-completed');

    // Every progress event is a distinct state, and `complete` fired exactly once.
    const progress = await signup.events('whatsapp-signup-progress');
    const states = progress.map(
      (event) => `${event.detail.status}/${event.detail.step}/${event.detail.senderState}`,
    );
    expect(new Set(states).size).toBe(states.length);
    expect(await signup.events('whatsapp-signup-complete')).toHaveLength(1);

    // What the Sinch sandbox received: this stack served this one onboarding only.
    const state = sinchState(e2e.stack);
    expect(state.subprojects).toHaveLength(1);
    const subprojectId = state.subprojects[0]?.subprojectId;
    expect(complete.subprojectId).toBe(subprojectId);
    expect(state.subprojects[0]?.displayName).toBe(
      await signup.page.locator('[data-testid="customer-name"]').textContent(),
    );
    const senders = state.senders.filter((sender) => sender.projectId === subprojectId);
    expect(state.senders).toHaveLength(1);
    const sender = senders[0];
    expect(sender).toMatchObject({ wabaId, phoneNumberId });
    expect(sender?.sender).toMatchObject({
      id: complete.senderId,
      region: 'US',
      metaLocalStorage: 'GB',
      state: 'ACTIVE',
    });
    expect(state.apps).toHaveLength(1);
    const app = state.apps[0];
    expect(app?.projectId).toBe(subprojectId);
    const compatible = sender?.sender.compatibleRegions as string[];
    expect(compatible).toContain(app?.region);
    expect(app?.region).toBe('us');
    expect(app?.app.id).toBe(complete.appId);
    // The app holds the sender's own credential, which the sandbox validated (state ACTIVE, not FAILING).
    expect(app?.app.channel_credentials).toEqual([
      {
        channel: 'WHATSAPP',
        static_bearer: { claimed_identity: complete.senderId, token: sender?.sender.bearerToken },
        state: { status: 'ACTIVE' },
      },
    ]);

    // The page never had a secret, no event or console line carries the session token, and the CSP held.
    expect(await signup.cspViolations()).toEqual([]);
    const sessionToken = String(await signup.widget.getAttribute('session-token'));
    expect(sessionToken.split('.')).toHaveLength(3);
    expect(JSON.stringify(await signup.events())).not.toContain(sessionToken);
    expect(signup.consoleText().join('\n')).not.toContain(sessionToken);
    expect(JSON.stringify(await signup.events())).not.toContain(String(sender?.sender.bearerToken));
    const html = await signup.page.content();
    expect(html).not.toContain(e2e.stack.adminToken);

    // The onboardings page lists it, read by the back end from the relay's admin list.
    await signup.page.goto(`${e2e.stack.url}/onboardings`);
    const row = signup.page.locator(`tr[data-onboarding-id="${complete.id}"]`);
    await expect.poll(() => row.locator('[data-testid="status"]').textContent()).toBe('Completed');
    await saveScreenshot(signup.page, '05-onboardings-list');
    await signup.page.close();
  });
});
