/** Where the widget gets Meta's SDK and whose `message` events it trusts. */
export interface MetaSettings {
  /** Meta app ID for `FB.init` (`app-id`). */
  appId: string;
  /** Facebook Login for Business configuration ID (`config-id`). */
  configId: string;
  /**
   * URL of the SDK (`sdk-url`). Omitted: the widget's default, Meta's own
   * `https://connect.facebook.net/en_US/sdk.js`.
   */
  sdkUrl?: string;
  /** Trusted `message` origins (`meta-origins`). Omitted: the widget's default, facebook.com only. */
  origins?: string[];
}

/** Everything the demo ASP site needs to know. */
export interface DemoSiteConfig {
  /** Relay base URL as the browser reaches it (`relay-url`); the back end calls it too. */
  relayUrl: string;
  /** The relay's `RELAY_ADMIN_TOKEN`; stays on the server. */
  adminToken: string;
  /** Meta SDK settings the widget is given. */
  meta: MetaSettings;
  /** File path of `widget/dist/whatsapp-signup.js`. */
  widgetBundle: string;
  /** Folder of the demo's static assets (`demo/site`). */
  siteDir: string;
  /** Folder of the React page's Vite build (`demo/dist/react`). */
  reactDist: string;
  /** Shown in the page footer: `sandbox` (offline) or `real` (Meta and Sinch). */
  mode: 'sandbox' | 'real';
}

/** Meta's origins, used when the widget is left on its defaults. */
export const FACEBOOK_ORIGINS = ['https://www.facebook.com', 'https://web.facebook.com'];
/** Where Meta serves `sdk.js` from. */
export const FACEBOOK_SDK_ORIGIN = 'https://connect.facebook.net';

/** The origin (scheme, host, port) of a URL. */
export function originOf(url: string): string {
  return new URL(url).origin;
}
