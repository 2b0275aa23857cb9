/** What the demo back end tells the page about the widget (`GET /api/widget-config`). */
export interface WidgetConfig {
  appId: string;
  configId: string;
  relayUrl: string;
  sdkUrl?: string;
  metaOrigins?: string;
  customer: { id: string; name: string };
  mode: 'sandbox' | 'real';
}

/** Loads the widget settings and the signed-in customer from the demo back end. */
export async function loadWidgetConfig(): Promise<WidgetConfig> {
  const response = await fetch('/api/widget-config', { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`widget config: HTTP ${response.status}`);
  return (await response.json()) as WidgetConfig;
}

/**
 * The widget's `getSessionToken`: asks the ASP back end for a fresh session token
 * before each relay request, so a long-open page never sends an expired one.
 */
export async function fetchSessionToken(): Promise<string> {
  const response = await fetch('/api/session', { method: 'POST', credentials: 'same-origin' });
  if (!response.ok) throw new Error(`session: HTTP ${response.status}`);
  const { token } = (await response.json()) as { token: string };
  return token;
}
