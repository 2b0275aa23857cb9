/*
 * Fake Facebook JS SDK for the Meta sandbox: FB.init, FB.login and a minimal
 * FB.getLoginStatus. FB.login opens the sandbox's Embedded Signup popup; the
 * popup posts WA_EMBEDDED_SIGNUP messages to the opener itself and hands the
 * authorization code back here, and this file fires the FB.login callback.
 *
 * Loaded from https://connect.facebook.net/... (a Playwright route), the popup
 * opens on https://www.facebook.com/<version>/dialog/oauth like the real SDK;
 * loaded from anywhere else, on the origin this script came from.
 */
(() => {
  const script = document.currentScript;
  const scriptUrl = new URL(script?.src || window.location.href);
  if (window.FB?.__sandbox) {
    console.warn('[meta-sandbox] sdk.js loaded twice; keeping the first copy');
    return;
  }
  const dialogOrigin =
    scriptUrl.hostname === 'connect.facebook.net' ? 'https://www.facebook.com' : scriptUrl.origin;
  const AUTH_MESSAGE = 'META_SANDBOX_AUTH';
  const state = { appId: '', version: '', pending: null, logins: 0 };

  /** Where scripted tests put their scenario: a page global wins over the script URL's `scenario` parameter. */
  function currentScenario() {
    const fromPage = window.__META_SANDBOX_SCENARIO__;
    if (fromPage !== undefined && fromPage !== null) {
      return typeof fromPage === 'string' ? fromPage : JSON.stringify(fromPage);
    }
    return scriptUrl.searchParams.get('scenario');
  }

  const FB = {
    __sandbox: true,
    init(options) {
      if (state.appId) console.warn('FB.init has already been called - this could indicate a problem');
      if (!options?.appId) {
        console.error('[meta-sandbox] FB.init called without appId');
        return;
      }
      state.appId = String(options.appId);
      state.version = typeof options.version === 'string' ? options.version : '';
      if (!/^v\d+\.\d+$/.test(state.version)) console.error('[meta-sandbox] FB.init: invalid version');
    },
    getLoginStatus(callback) {
      setTimeout(() => callback({ status: 'unknown', authResponse: null }), 0);
    },
    login(callback, options) {
      if (!state.appId) {
        console.error('FB.login() called before FB.init().');
        return;
      }
      const opts = options || {};
      state.logins += 1;
      const params = new URLSearchParams({
        client_id: state.appId,
        config_id: String(opts.config_id ?? ''),
        response_type: String(opts.response_type ?? 'token'),
        override_default_response_type: String(Boolean(opts.override_default_response_type)),
        extras: JSON.stringify(opts.extras ?? {}),
        display: 'popup',
        origin: window.location.origin,
      });
      const scenario = currentScenario();
      if (scenario) params.set('scenario', scenario);
      const url = `${dialogOrigin}/${state.version || 'v25.0'}/dialog/oauth?${params}`;
      const popup = window.open(url, 'meta_sandbox_embedded_signup', 'popup,width=620,height=760');
      // A blocked popup gets no callback here: the widget detects it through window.open.
      if (!popup) return;
      state.pending = { callback, popup };
    },
  };

  window.addEventListener('message', (event) => {
    if (event.origin !== dialogOrigin) return;
    const data = event.data;
    if (!data || typeof data !== 'object' || data.type !== AUTH_MESSAGE) return;
    const pending = state.pending;
    if (!pending) return;
    state.pending = null;
    const response = data.code
      ? {
          status: 'connected',
          authResponse: { code: String(data.code), userID: null, expiresIn: null, signedRequest: null },
        }
      : { status: 'unknown', authResponse: null };
    pending.callback(response);
  });

  window.FB = FB;
  // The real SDK runs fbAsyncInit once and marks it with hasRun.
  const init = window.fbAsyncInit;
  if (typeof init === 'function' && !init.hasRun) {
    init.hasRun = true;
    init();
  }
})();
