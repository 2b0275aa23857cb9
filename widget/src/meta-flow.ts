/**
 * One run of Meta's Embedded Signup popup: `FB.login` plus the `message` channel,
 * joined into a single outcome.
 *
 * The `FB.login` callback carries the code, the `WA_EMBEDDED_SIGNUP` message the
 * IDs; they arrive in either order or not at all (docs/reference/meta-embedded-signup.md
 * §2.5, §3.4), so the run waits a bounded time for the other half, watches the popup
 * it captured from `window.open`, and settles exactly once.
 * @module
 */
import { type EmbeddedSignupFinish, parseEmbeddedSignupMessage } from '@whatsapp-signup/shared/meta';
import type { FacebookLoginResponse, FacebookSdk } from './facebook-sdk.js';
import { timings } from './timings.js';

/**
 * How a run ended. The Meta `code` appears only here, for the relay request. Optional
 * fields may be `undefined`; the element drops them before anything leaves it.
 */
export type MetaOutcome =
  | { type: 'finish'; finish: EmbeddedSignupFinish; code?: string | undefined }
  | { type: 'cancel'; currentStep?: string | undefined }
  | { type: 'meta-error'; message: string; code?: string | undefined; sessionId?: string | undefined }
  | { type: 'popup-blocked' }
  | { type: 'popup-closed' }
  | { type: 'timeout' };

/** Inputs of {@link startMetaFlow}. */
export interface MetaFlowOptions {
  fb: FacebookSdk;
  configId: string;
  /** The complete `extras` object (see {@link buildLoginExtras}). */
  extras: Record<string, unknown>;
  /** Exact origins whose messages are trusted. */
  trustedOrigins: readonly string[];
  /** Aborting ends the run; its promise then rejects with the abort reason. */
  signal: AbortSignal;
  /** Called as soon as a finish message arrives, before the code is joined. */
  onFinishMessage?: (finish: EmbeddedSignupFinish) => void;
}

/**
 * The `extras` for `FB.login`: `{ setup, sessionInfoVersion: '3' }` with the `extras`
 * property merged over it; a `setup` property wins over `extras.setup` and passes
 * through verbatim (CONTRACT section 6, "Widget setup").
 */
export function buildLoginExtras(
  setup: Record<string, unknown> | null | undefined,
  extras: Record<string, unknown> | null | undefined,
): Record<string, unknown> {
  return {
    setup: {},
    sessionInfoVersion: '3',
    ...(extras ?? {}),
    ...(setup == null ? {} : { setup }),
  };
}

const META_ORIGIN = /^https:\/\/([a-z0-9-]+\.)*facebook\.com$/;

/**
 * Parses the `meta-origins` comma list into exact origins (a trailing slash is
 * dropped); an origin outside https facebook.com is kept but warned about.
 */
export function parseTrustedOrigins(list: string): string[] {
  const origins = list
    .split(',')
    .map((entry) => entry.trim().replace(/\/+$/, ''))
    .filter(Boolean);
  for (const origin of origins) {
    if (!META_ORIGIN.test(origin))
      console.warn(`[whatsapp-signup] meta-origins trusts ${origin}: not a Meta origin.`);
  }
  return origins;
}

/**
 * Starts a run. `FB.login` is called synchronously, inside this call, so a click
 * handler that calls this keeps its user gesture; the `message` listener is
 * registered before it.
 */
export function startMetaFlow(options: MetaFlowOptions): Promise<MetaOutcome> {
  return new Promise<MetaOutcome>((resolve, reject) => {
    const cleanup = new AbortController();
    // Timeouts and the popup poll interval: clearTimeout clears both (one ID pool, HTML spec).
    const timers: ReturnType<typeof setTimeout>[] = [];
    let settled = false;
    let finish: EmbeddedSignupFinish | undefined;
    let callbackSeen = false;
    let code: string | undefined;

    const stop = () => {
      settled = true;
      cleanup.abort();
      for (const timer of timers) clearTimeout(timer);
    };
    const settle = (outcome: MetaOutcome) => {
      if (settled) return;
      stop();
      resolve(outcome);
    };
    const after = (ms: number, action: () => void) => {
      timers.push(setTimeout(action, ms));
    };
    if (options.signal.aborted) {
      reject(options.signal.reason);
      return;
    }
    options.signal.addEventListener(
      'abort',
      () => {
        if (settled) return;
        stop();
        reject(options.signal.reason);
      },
      { signal: cleanup.signal },
    );

    window.addEventListener(
      'message',
      (event: MessageEvent) => {
        if (settled || !options.trustedOrigins.includes(event.origin)) return;
        const parsed = parseEmbeddedSignupMessage(event.data);
        if (parsed.type === 'invalid') {
          console.warn(`[whatsapp-signup] ignored message: ${parsed.reason}`);
          return;
        }
        // A finish is final: duplicates and later messages change nothing.
        if (parsed.type === 'ignored' || finish) return;
        const message = parsed.message;
        if (message.kind === 'cancel') {
          settle({ type: 'cancel', currentStep: message.currentStep });
        } else if (message.kind === 'error') {
          settle({
            type: 'meta-error',
            message: message.message,
            code: message.code,
            sessionId: message.sessionId,
          });
        } else {
          finish = message;
          options.onFinishMessage?.(message);
          if (callbackSeen) settle({ type: 'finish', finish, code });
          // The code may never come (a known Meta issue): go on with the IDs alone.
          else after(timings.joinMs, () => finish && settle({ type: 'finish', finish }));
        }
      },
      { signal: cleanup.signal },
    );

    const callback = (response: FacebookLoginResponse) => {
      if (settled || callbackSeen) return;
      callbackSeen = true;
      const received = response?.authResponse?.code;
      if (typeof received === 'string' && received !== '') code = received;
      if (finish) {
        settle({ type: 'finish', finish, code });
      } else if (code) {
        after(timings.joinMs, () => settle({ type: 'timeout' }));
      } else {
        after(timings.noAuthGraceMs, () => settle({ type: 'cancel' }));
      }
    };

    // Capture the popup the SDK opens, as Meta's own sample does.
    const originalOpen = window.open;
    let openCalled = false;
    let popup: Window | null = null;
    const capturingOpen = function (this: Window, ...args: Parameters<typeof window.open>) {
      const opened = originalOpen.apply(this ?? window, args);
      if (!openCalled) {
        openCalled = true;
        popup = opened;
      }
      return opened;
    };
    window.open = capturingOpen;
    try {
      options.fb.login(callback, {
        config_id: options.configId,
        response_type: 'code',
        override_default_response_type: true,
        extras: options.extras,
      });
    } catch (error) {
      stop();
      reject(error);
      return;
    } finally {
      if (window.open === capturingOpen) window.open = originalOpen;
    }

    if (openCalled && !popup) {
      settle({ type: 'popup-blocked' });
      return;
    }
    const watched = popup as Window | null;
    if (watched) {
      const poll = setInterval(() => {
        if (!watched.closed) return;
        clearInterval(poll);
        after(timings.popupClosedGraceMs, () => {
          if (!callbackSeen && !finish) settle({ type: 'popup-closed' });
        });
      }, timings.popupPollMs);
      timers.push(poll);
    } else {
      // No popup to watch (the SDK opened none we could see): a bounded wait instead.
      after(timings.metaFlowMs, () => settle({ type: 'timeout' }));
    }
  });
}
