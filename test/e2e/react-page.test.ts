import { describe, expect, it } from 'vitest';
import { useE2EStack } from '../support/e2e-suite.js';
import { finishInPopup, metaId } from '../support/meta-popup.js';
import { saveScreenshot } from '../support/screenshots.js';
import { SignupPage } from '../support/signup-page.js';
import { uniqueCustomer } from '../support/stack.js';

describe('the widget inside the React page', { timeout: 90_000 }, () => {
  const e2e = useE2EStack();

  it('completes an onboarding with session tokens from getSessionToken, shown in React state', async () => {
    const customer = uniqueCustomer('react');
    const signup = await SignupPage.open(e2e.context, e2e.stack.url, customer, {
      path: '/react/',
      name: 'Nordlicht Optik GmbH',
    });
    await expect.poll(() => signup.page.locator('[data-testid="customer-name"]').textContent()).not.toBe('…');
    // No session-token attribute: the token comes from the back end through getSessionToken.
    expect(await signup.widget.getAttribute('session-token')).toBeNull();
    await signup.waitForEvent('whatsapp-signup-ready');
    await signup.choosePlacement('EU', 'CH');
    const popup = await signup.launch();
    await finishInPopup(popup, { wabaId: metaId(), phoneNumberId: metaId() });

    const complete = await signup.waitForEvent('whatsapp-signup-complete', { timeout: 30_000 });
    expect(complete).toMatchObject({ customerId: customer, status: 'completed', metaLocalStorage: 'CH' });
    // React re-rendered from the widget's events.
    await expect
      .poll(() => signup.page.locator('[data-testid="react-progress"] li[data-state="done"]').count())
      .toBe(5);
    expect(await signup.cspViolations()).toEqual([]);
    await saveScreenshot(signup.page, '11-react-page-completed');
    await signup.page.close();
  });
});
