/**
 * Every wait the widget makes, in one place. CONTRACT section 6 fixes the SDK load
 * timeout (15 s) and the popup-closed grace (5 s); the others are this module's
 * choice. Tests shorten them by assigning to the object; pages should not.
 * @module
 */
export const timings = {
  /** The Facebook SDK must load within this long, else `sdk-blocked`. */
  sdkLoadMs: 15_000,
  /** After the popup closed, how long the callback or a message may still take before `popup-closed`. */
  popupClosedGraceMs: 5_000,
  /** How often `popup.closed` is checked. */
  popupPollMs: 250,
  /** After one half of Meta's result (code or IDs) arrived, how long to wait for the other half. */
  joinMs: 8_000,
  /** After a callback without `authResponse`, how long a late message may still arrive before `cancel`. */
  noAuthGraceMs: 800,
  /**
   * The whole Meta flow when `FB.login` opened no popup the widget could see (nothing
   * to poll for `closed`), before `timeout`. With a popup handle there is no overall limit.
   */
  metaFlowMs: 10 * 60_000,
  /** One relay request, before `relay-unreachable`. */
  relayRequestMs: 20_000,
  /** Polling interval when the progress stream is unavailable. */
  pollMs: 2_000,
};
