import type { Page } from 'playwright-core';

/** A fresh Meta-style object ID (15 digits), so that no two tests share a WABA or phone number. */
export function metaId(): string {
  return `1${String(Math.floor(Math.random() * 1e14)).padStart(14, '0')}`;
}

/** What the person "signs up" with in the Meta sandbox popup. */
export interface FinishChoice {
  wabaId: string;
  phoneNumberId: string;
  businessId?: string;
  /** The finish event; default `FINISH`. */
  event?: string;
  /** False: the popup finishes without a phone number (as with `FINISH_ONLY_WABA`). */
  withPhone?: boolean;
}

/**
 * Finishes the Embedded Signup in the Meta sandbox popup by filling its form and
 * clicking Finish, as a person trying the demo would. The popup then posts the
 * `WA_EMBEDDED_SIGNUP` message and hands back the code, and closes itself.
 */
export async function finishInPopup(popup: Page, choice: FinishChoice): Promise<void> {
  await popup.locator('#finish-event').selectOption(choice.event ?? 'FINISH');
  await popup.locator('#waba-id').fill(choice.wabaId);
  await popup.locator('#phone-number-id').fill(choice.phoneNumberId);
  if (choice.businessId) await popup.locator('#business-id').fill(choice.businessId);
  await popup.locator('#with-phone').setChecked(choice.withPhone ?? true);
  await popup.locator('#finish').click();
}

/** Abandons the flow at `step` (Meta's `current_step`). */
export async function cancelInPopup(popup: Page, step: string): Promise<void> {
  await popup.locator('#cancel-step').selectOption(step);
  await popup.locator('#cancel').click();
}

/** Reports a Meta error (a CANCEL carrying `error_message` and `error_code`). */
export async function reportErrorInPopup(popup: Page, message: string, code: string): Promise<void> {
  await popup.locator('#error-message').fill(message);
  await popup.locator('#error-code').fill(code);
  await popup.locator('#error-field').selectOption('error_code');
  await popup.locator('#error').click();
}
