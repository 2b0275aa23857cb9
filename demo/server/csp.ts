import { secureHeaders } from 'hono/secure-headers';
import { type DemoSiteConfig, FACEBOOK_ORIGINS, FACEBOOK_SDK_ORIGIN, originOf } from './config.js';

/**
 * The demo's security headers: a strict Content-Security-Policy with no
 * `'unsafe-inline'` anywhere, which proves the widget needs nothing beyond
 * its own script origin, the Meta SDK and the relay.
 *
 * What each Meta entry is for: `script-src` loads `sdk.js`, `frame-src` lets the
 * SDK's hidden iframes in, `connect-src` its XHRs; with the Meta sandbox all of
 * these are the sandbox's single origin. The opener policy must leave
 * `window.opener` to the Embedded Signup popup, hence `same-origin-allow-popups`.
 */
export function demoSecurityHeaders(config: Pick<DemoSiteConfig, 'relayUrl' | 'meta'>) {
  const sdkOrigin = config.meta.sdkUrl ? originOf(config.meta.sdkUrl) : FACEBOOK_SDK_ORIGIN;
  const popupOrigins = config.meta.origins ?? FACEBOOK_ORIGINS;
  const metaOrigins = [...new Set([sdkOrigin, ...popupOrigins])];
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'", sdkOrigin],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:', ...metaOrigins],
      connectSrc: ["'self'", originOf(config.relayUrl), ...metaOrigins],
      frameSrc: metaOrigins,
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
    crossOriginOpenerPolicy: 'same-origin-allow-popups',
    // The page is plain http on localhost; HSTS would only confuse other local sites.
    strictTransportSecurity: false,
    referrerPolicy: 'strict-origin-when-cross-origin',
  });
}
