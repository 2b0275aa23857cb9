import type { BrowserContext, Route } from 'playwright-core';

/** Meta's hosts the widget talks to when left on its defaults. */
export const FACEBOOK_PATTERNS = ['https://connect.facebook.net/**', 'https://www.facebook.com/**'];

/**
 * Serves Meta's real URLs from the Meta sandbox: `https://connect.facebook.net/en_US/sdk.js`
 * becomes the fake SDK, `https://www.facebook.com/v25.0/dialog/oauth` the fake popup. The
 * browser still sees Meta's origins, so the widget's default `meta-origins` check runs as
 * in production. Nothing leaves the machine: the request is answered by the sandbox.
 */
export async function routeFacebookToSandbox(context: BrowserContext, sandboxUrl: string): Promise<string[]> {
  const seen: string[] = [];
  const forward = async (route: Route) => {
    const url = new URL(route.request().url());
    seen.push(url.href);
    const response = await route.fetch({ url: `${sandboxUrl}${url.pathname}${url.search}` });
    await route.fulfill({ response });
  };
  for (const pattern of FACEBOOK_PATTERNS) await context.route(pattern, forward);
  return seen;
}
