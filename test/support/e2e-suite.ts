import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser, newContext } from './browser.js';
import { type E2EStack, startE2EStack } from './stack.js';

/** What {@link useE2EStack} gives a suite; filled in by its `beforeAll`. */
export interface E2EHandles {
  stack: E2EStack;
  browser: Browser;
  context: BrowserContext;
}

/**
 * Starts the whole stack (sandboxes, relay child process, demo site) and a Chromium for the enclosing
 * `describe`, with one browser context for its tests, and stops them after it.
 */
export function useE2EStack(options?: Parameters<typeof startE2EStack>[0]): E2EHandles {
  const handles = {} as E2EHandles;
  beforeAll(async () => {
    [handles.stack, handles.browser] = await Promise.all([startE2EStack(options), launchBrowser()]);
    handles.context = await newContext(handles.browser);
  }, 180_000);
  afterAll(async () => {
    await handles.browser?.close();
    await handles.stack?.close();
  }, 60_000);
  return handles;
}
