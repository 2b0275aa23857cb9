/**
 * Loads the Facebook JS SDK once per page and initialises it.
 *
 * Real host pages already do many things with this SDK: a `script#facebook-jssdk`
 * tag may exist, `window.FB` may exist, the host may own `window.fbAsyncInit`
 * (which the SDK runs once, marking it `hasRun`), and ad blockers eat the script.
 * The loader copes with each (docs/reference/meta-embedded-signup.md §1.4, pitfalls
 * 3 and 4). Its state lives on `globalThis` under a `Symbol.for` key so that two
 * copies of the widget on one page (a script tag and a bundle) share one load.
 * @module
 */
import { timings } from './timings.js';

/** What `FB.login` hands its callback. */
export interface FacebookLoginResponse {
  status?: string;
  authResponse?: { code?: string | null } | null;
}

/** The `FB.login` options Embedded Signup uses. */
export interface FacebookLoginOptions {
  config_id: string;
  response_type: 'code';
  override_default_response_type: boolean;
  extras: Record<string, unknown>;
}

/** The part of the Facebook JS SDK the widget uses. */
export interface FacebookSdk {
  init(options: { appId: string; version: string; xfbml?: boolean }): void;
  login(callback: (response: FacebookLoginResponse) => void, options: FacebookLoginOptions): void;
}

type AsyncInit = (() => void) & { hasRun?: boolean };

declare global {
  interface Window {
    FB?: FacebookSdk;
    fbAsyncInit?: AsyncInit;
  }
}

interface PageState {
  loading?: Promise<FacebookSdk> | undefined;
  /** The app ID the widget initialised the SDK with. */
  appId?: string;
  /** The app ID the host's own `fbAsyncInit` initialised the SDK with, when seen. */
  hostAppId?: string;
}

const STATE_KEY = Symbol.for('whatsapp-signup.facebook-sdk');
const SCRIPT_ID = 'facebook-jssdk';
/** Marks a script tag whose load failed, so the next attempt replaces it. */
const FAILED_ATTRIBUTE = 'data-whatsapp-signup-failed';

function pageState(): PageState {
  const holder = globalThis as unknown as Record<symbol, PageState | undefined>;
  holder[STATE_KEY] ??= {};
  return holder[STATE_KEY];
}

function usableSdk(): FacebookSdk | undefined {
  return window.FB?.login ? window.FB : undefined;
}

/** Runs the host's own `fbAsyncInit`, noting the app ID it passes to `FB.init`. */
function runHostInit(hostInit: AsyncInit, state: PageState): void {
  const fb = window.FB;
  const originalInit = fb?.init;
  if (fb && originalInit) {
    fb.init = (options) => {
      state.hostAppId = String(options?.appId ?? '');
      originalInit.call(fb, options);
    };
  }
  try {
    hostInit.hasRun = true;
    hostInit.call(window);
  } catch (error) {
    console.error('[whatsapp-signup] fbAsyncInit threw:', error);
  } finally {
    if (fb && originalInit) fb.init = originalInit;
  }
}

function startLoading(src: string, timeoutMs: number, state: PageState): Promise<FacebookSdk> {
  return new Promise((resolve, reject) => {
    const ready = usableSdk();
    if (ready) {
      resolve(ready);
      return;
    }
    let settled = false;
    let script = document.getElementById(SCRIPT_ID) as HTMLScriptElement | null;
    const finish = (error?: Error) => {
      if (settled) return;
      const fb = usableSdk();
      if (!error && !fb) return;
      settled = true;
      clearTimeout(timer);
      if (fb && !error) {
        resolve(fb);
        return;
      }
      script?.setAttribute(FAILED_ATTRIBUTE, '');
      reject(error);
    };
    // Chain, never replace, a host-owned fbAsyncInit that has not run yet.
    const hostInit = window.fbAsyncInit;
    const chained: AsyncInit = () => {
      if (hostInit && !hostInit.hasRun) runHostInit(hostInit, state);
      finish();
    };
    window.fbAsyncInit = chained;

    if (script?.hasAttribute(FAILED_ATTRIBUTE)) {
      script.remove();
      script = null;
    }
    if (!script) {
      script = document.createElement('script');
      script.id = SCRIPT_ID;
      script.async = true;
      script.crossOrigin = 'anonymous';
      script.src = src;
      (document.head ?? document.documentElement).append(script);
    }
    script.addEventListener('load', () => finish(), { once: true });
    script.addEventListener('error', () => finish(new Error('sdk-blocked: script error')), { once: true });
    const timer = setTimeout(() => finish(new Error('sdk-blocked: timeout')), timeoutMs);
  });
}

/**
 * Loads the SDK from `src` unless the page already has it. Memoised per page: every
 * caller shares one promise; after a failure the next call tries again, replacing
 * the failed script tag.
 * The promise rejects when the script fails or `FB` is not there within `timeoutMs`.
 */
export function loadFacebookSdk(src: string, timeoutMs: number = timings.sdkLoadMs): Promise<FacebookSdk> {
  const state = pageState();
  if (!state.loading) {
    const loading = startLoading(src, timeoutMs, state);
    state.loading = loading;
    loading.catch(() => {
      if (state.loading === loading) state.loading = undefined;
    });
  }
  return state.loading;
}

/**
 * Calls `FB.init` unless the SDK is already initialised for `appId`. `FB.init` is
 * global to the page: when the page initialised it for another app, this warns.
 */
export function initFacebookSdk(fb: FacebookSdk, appId: string, version: string): void {
  const state = pageState();
  const current = state.appId ?? state.hostAppId;
  if (current === appId) return;
  if (current !== undefined) {
    console.warn(`[whatsapp-signup] FB was initialised with app ${current}; re-initialising with ${appId}.`);
  }
  fb.init({ appId, version, xfbml: false });
  state.appId = appId;
}
