import { describe, expect, it } from 'vitest';
import { useE2EStack } from '../support/e2e-suite.js';
import { finishInPopup, metaId } from '../support/meta-popup.js';
import { saveScreenshot } from '../support/screenshots.js';
import { SignupPage } from '../support/signup-page.js';
import { sinchState } from '../support/sinch-state.js';
import { uniqueCustomer } from '../support/stack.js';

describe('the demo Templates page after onboarding', { timeout: 90_000 }, () => {
  const e2e = useE2EStack({ activationMs: 200 });

  it("creates a template in the customer's subproject and lists it", async () => {
    const customer = uniqueCustomer('templates');
    const signup = await SignupPage.open(e2e.context, e2e.stack.url, customer);
    await signup.waitForEvent('whatsapp-signup-ready');
    await signup.choosePlacement('EU', 'DE');
    const popup = await signup.launch();
    await finishInPopup(popup, { wabaId: metaId(), phoneNumberId: metaId() });
    const complete = await signup.waitForEvent('whatsapp-signup-complete', { timeout: 30_000 });

    const page = signup.page;
    await page.goto(`${e2e.stack.url}/templates`);
    const composer = page.locator('whatsapp-template-composer');
    await composer.getByLabel('Name', { exact: true }).fill('order_ready');
    await composer
      .getByLabel('Message', { exact: true })
      .fill('Hello {{1}}, your order is ready for pickup.');
    // Typing a variable adds its example field; the preview shows what the recipient will read.
    await composer.getByLabel('Example for {{1}}').fill('Ana');
    await expect
      .poll(() => composer.locator('[part~="preview"]').textContent())
      .toContain('Hello Ana, your order is ready for pickup.');
    await composer.locator('[part~="submit"]').click();

    // The list (read back through GET /v1/templates) shows it, with its state.
    const row = composer.locator('[part~="list"] tr', { hasText: 'order_ready' });
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
    await saveScreenshot(page, '12-templates-page');

    const templates = sinchState(e2e.stack).templates;
    expect(templates).toHaveLength(1);
    expect(templates[0]?.projectId).toBe(complete.subprojectId);
    expect(templates[0]?.template).toMatchObject({
      name: 'order_ready',
      language: 'EN',
      category: 'UTILITY',
    });
    expect(await signup.cspViolations()).toEqual([]);
    await page.close();
  });
});
