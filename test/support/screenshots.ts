import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Where the e2e suite saves its screenshots: `docs/screenshots/` when
 * `UPDATE_SCREENSHOTS=1` (the ones the README shows, refreshed on purpose), else
 * `test-results/screenshots/` (git-ignored) so that a normal run leaves the tree clean.
 */
export const SCREENSHOT_DIR =
  process.env.UPDATE_SCREENSHOTS === '1'
    ? join(root, 'docs', 'screenshots')
    : join(root, 'test-results', 'screenshots');

/** Saves a screenshot of `page` as `<name>.png` once the page's animations have settled. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true, animations: 'disabled', caret: 'hide' });
  return path;
}
