/**
 * `<whatsapp-signup>`: runs Meta's WhatsApp Embedded Signup, then the relay
 * onboarding, and shows every step and outcome. Importing this module defines
 * nothing and touches no DOM (SSR-safe); `define.js` registers the tag.
 * @module
 */

import type { CreateOnboardingBody, Onboarding } from '@whatsapp-signup/shared/api';
import { isFinishEvent } from '@whatsapp-signup/shared/meta';
import {
  isMetaLocalStorage,
  isRegion,
  META_LOCAL_STORAGE_CODES,
  type MetaLocalStorage,
  REGIONS,
  type Region,
} from '@whatsapp-signup/shared/sinch';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import type { WhatsAppSignupErrorDetail, WhatsAppSignupEventDetails } from './events.js';
import { type FacebookSdk, initFacebookSdk, loadFacebookSdk } from './facebook-sdk.js';
import { format, resolveLocale, stringsFor } from './localize.js';
import { buildLoginExtras, type MetaOutcome, parseTrustedOrigins, startMetaFlow } from './meta-flow.js';
import {
  createOnboarding,
  followOnboarding,
  type RelayConnection,
  RelayError,
  retryOnboarding,
} from './relay-client.js';
import type { WhatsAppSignupStrings } from './strings/en.js';
import { styles } from './styles.js';
import { VERSION } from './version.js';

/** Where the widget is in its flow. */
export type WhatsAppSignupPhase =
  | 'idle'
  | 'loading-sdk'
  | 'ready'
  | 'launching'
  | 'awaiting-meta'
  | 'submitting'
  | 'progress'
  | 'completed'
  | 'error';

const BUSY_PHASES: readonly WhatsAppSignupPhase[] = [
  'loading-sdk',
  'launching',
  'awaiting-meta',
  'submitting',
  'progress',
];
/** `sdk-blocked` → `SdkBlocked`: error and step string keys are derived from the kind or step name. */
const camel = (name: string): string =>
  name.replace(/(?:^|[-_])(\w)/g, (_, letter: string) => letter.toUpperCase());

/** Drops the keys whose value is `undefined` or `''`, so optional fields are absent. */
function present<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) {
    if (value[key] === undefined || (value[key] as unknown) === '') delete value[key];
  }
  return value;
}
/** Properties whose change re-checks the configuration after a `config` error. */
const CONFIG_PROPERTIES = ['appId', 'configId', 'relayUrl', 'sessionToken', 'getSessionToken', 'sdkUrl'];

type EventSuffix = keyof WhatsAppSignupEventDetails extends `whatsapp-signup-${infer N}` ? N : never;

/** What the retry button does after a relay-side failure. */
type RetryAction = () => void;

/**
 * Drop-in WhatsApp Embedded Signup for Sinch ASPs: loads the Facebook SDK, lets the
 * customer pick a Sinch region and a Meta data-storage country, runs Meta's flow in
 * a popup, hands the result to the relay, and shows the onboarding's progress.
 *
 * @summary WhatsApp Embedded Signup and Sinch onboarding in one button.
 * @tag whatsapp-signup
 *
 * @fires {CustomEvent<Record<string, never>>} whatsapp-signup-ready - The Facebook SDK is loaded and initialised; once per connection.
 * @fires {CustomEvent<Record<string, never>>} whatsapp-signup-launch - `FB.login` was called and the popup requested.
 * @fires {CustomEvent<WhatsAppSignupFinishDetail>} whatsapp-signup-finish - Meta's flow finished: `{ event, wabaId, phoneNumberId?, businessId? }`.
 * @fires {CustomEvent<WhatsAppSignupCancelDetail>} whatsapp-signup-cancel - The user abandoned Meta's flow: `{ currentStep? }`.
 * @fires {CustomEvent<Onboarding>} whatsapp-signup-progress - The relay reported a new onboarding state (once per distinct status, step and sender state).
 * @fires {CustomEvent<Onboarding>} whatsapp-signup-complete - The onboarding completed: sender and Conversation API app exist. Exactly once.
 * @fires {CustomEvent<WhatsAppSignupErrorDetail>} whatsapp-signup-error - Any failure: `{ kind, message, retryable, code?, metaSessionId? }`.
 *
 * @property {Record<string, unknown> | undefined} setup - The `extras.setup` prefill object for `FB.login`, passed through verbatim (nulls kept); wins over `extras.setup`.
 * @property {Record<string, unknown> | undefined} extras - Extra keys merged into `FB.login` `extras` (e.g. `featureType`, `version`, `features`).
 *
 * @slot icon - An icon before the launch button's label (empty by default, like Meta's own Embedded Signup button).
 *
 * @csspart button - The launch button; its accessible name is `strings.connect`.
 * @csspart region - The Sinch region `select`.
 * @csspart storage - The Meta data-storage country `select`.
 * @csspart status - The live region with progress text.
 * @csspart error - The error text.
 * @csspart retry - The retry button, shown after a retryable failure.
 *
 * @cssprop [--whatsapp-signup-button-background=#0866ff] - Launch button background.
 * @cssprop [--whatsapp-signup-button-color=#fff] - Launch button text colour.
 * @cssprop [--whatsapp-signup-radius=6px] - Corner radius of the button and the selects.
 * @cssprop [--whatsapp-signup-focus-color=#0866ff] - Focus ring and retry button colour.
 * @cssprop [--whatsapp-signup-font=system-ui, sans-serif] - Font family.
 * @cssprop [--whatsapp-signup-text-color=#1c1e21] - Text colour.
 * @cssprop [--whatsapp-signup-error-color=#b3261e] - Error text colour.
 * @cssprop [--whatsapp-signup-success-color=#1b7f3b] - Completion text colour.
 */
export class WhatsAppSignup extends LitElement {
  /** The package version; the define module compares it when the tag is already taken. */
  static readonly version = VERSION;

  static override styles = styles;

  static override properties = {
    appId: { attribute: 'app-id' },
    configId: { attribute: 'config-id' },
    relayUrl: { attribute: 'relay-url' },
    sessionToken: { attribute: 'session-token' },
    graphVersion: { attribute: 'graph-version' },
    region: {},
    regions: {},
    metaLocalStorage: { attribute: 'meta-local-storage' },
    locked: { type: Boolean },
    locale: {},
    sdkUrl: { attribute: 'sdk-url' },
    metaOrigins: { attribute: 'meta-origins' },
    strings: { attribute: false },
    getSessionToken: { attribute: false },
    _phase: { state: true },
    _error: { state: true },
    _notice: { state: true },
    _onboarding: { state: true },
    _region: { state: true },
    _storage: { state: true },
  };

  /** Meta app ID for `FB.init`. Required. */
  declare appId: string;
  /** Facebook Login for Business configuration ID for `FB.login`. Required. */
  declare configId: string;
  /** Base URL of the relay. Required. */
  declare relayUrl: string;
  /** Short-lived session token minted by the ASP back end; required unless `getSessionToken` is set. */
  declare sessionToken: string;
  /** `version` for `FB.init`. */
  declare graphVersion: string;
  /** Preselected Sinch region: `EU`, `US` or `BR`. */
  declare region: string;
  /** Comma list restricting the region choices; all three when empty. */
  declare regions: string;
  /** Preselected Meta data-at-rest country code (Sinch's list); none means the user must pick. */
  declare metaLocalStorage: string;
  /** With `region` and `meta-local-storage` set, hides the pickers. */
  declare locked: boolean;
  /** UI language (`en`, `pt-BR`, `es`); defaults to the nearest `lang`, then `en`. */
  declare locale: string;
  /** URL of the Facebook JS SDK. */
  declare sdkUrl: string;
  /** Comma list of exact origins whose `message` events are trusted. */
  declare metaOrigins: string;
  /** The `extras.setup` prefill object for `FB.login`, passed through verbatim. */
  declare setup: Record<string, unknown> | undefined;
  /** Extra keys merged into `FB.login` `extras` (e.g. `featureType`, `version`, `features`). */
  declare extras: Record<string, unknown> | undefined;
  /** Overrides of UI text; `connect` is the launch button's label. */
  declare strings: Partial<WhatsAppSignupStrings> | undefined;
  /** Returns a fresh session token; called before each relay request. Takes precedence over `session-token`. */
  declare getSessionToken: (() => Promise<string> | string) | undefined;

  declare private _phase: WhatsAppSignupPhase;
  declare private _error: WhatsAppSignupErrorDetail | undefined;
  declare private _notice: string | undefined;
  declare private _onboarding: Onboarding | undefined;
  declare private _region: Region | undefined;
  declare private _storage: MetaLocalStorage | undefined;

  #connection: AbortController | undefined;
  #attempt: AbortController | undefined;
  #needsBoot = false;
  #readyFired = false;
  #fb: FacebookSdk | undefined;
  #retryAction: RetryAction | undefined;
  #seenProgress = new Set<string>();
  #completeFired = false;
  /** Set by the user's first action: outcomes before it (at load) must not steal the page's focus. */
  #acted = false;

  constructor() {
    super();
    // Defaults only: no DOM work, no events, no listeners here.
    this.appId = '';
    this.configId = '';
    this.relayUrl = '';
    this.sessionToken = '';
    this.graphVersion = 'v25.0';
    this.region = 'EU';
    this.regions = '';
    this.metaLocalStorage = '';
    this.locked = false;
    this.locale = '';
    this.sdkUrl = 'https://connect.facebook.net/en_US/sdk.js';
    this.metaOrigins = 'https://www.facebook.com,https://web.facebook.com';
    this._phase = 'idle';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#connection = new AbortController();
    this.#readyFired = false;
    this.#needsBoot = true;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // One abort removes every global listener and stops every timer and request.
    this.#connection?.abort();
    this.#connection = undefined;
    this.#attempt = undefined;
    this._phase = 'idle';
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('region')) this._region = undefined;
    if (changed.has('metaLocalStorage')) this._storage = undefined;
    const configChanged = CONFIG_PROPERTIES.some((name) => changed.has(name as keyof WhatsAppSignup));
    if (this.#needsBoot || (configChanged && this._error?.kind === 'config')) {
      this.#needsBoot = false;
      this.#boot();
    }
  }

  /**
   * Launches Meta's flow. Call it inside a user gesture (a click handler), without an
   * `await` before it, or the browser blocks the popup. After `sdk-blocked` it loads
   * the SDK again instead.
   */
  start(): void {
    this.#acted = true;
    if (this._error?.kind === 'sdk-blocked' && !this.#fb) {
      void this.#loadSdk();
      return;
    }
    if (this.#canLaunch()) this.#launch();
  }

  /** Abandons the current attempt and returns to the ready state. */
  reset(): void {
    this.#attempt?.abort();
    this.#attempt = undefined;
    this.#retryAction = undefined;
    this._error = undefined;
    this._notice = undefined;
    this._onboarding = undefined;
    if (this.#connection) this.#boot();
  }

  // --- configuration -------------------------------------------------------------

  #strings(): WhatsAppSignupStrings {
    return stringsFor(resolveLocale(this, this.locale), this.strings);
  }

  #configProblem(): string | undefined {
    const required = {
      'app-id': this.appId,
      'config-id': this.configId,
      'relay-url': this.relayUrl,
      'session-token': this.sessionToken || this.getSessionToken,
    };
    const missing = Object.keys(required).filter((name) => !required[name as keyof typeof required]);
    return missing.length > 0 ? `missing ${missing.join(', ')}` : undefined;
  }

  #regionChoices(): Region[] {
    const listed = this.regions
      .split(',')
      .map((value) => value.trim().toUpperCase())
      .filter(isRegion);
    return listed.length > 0 ? listed : [...REGIONS];
  }

  #selectedRegion(): Region {
    const choices = this.#regionChoices();
    const wanted = this._region ?? this.region?.trim().toUpperCase();
    return choices.find((choice) => choice === wanted) ?? (choices[0] as Region);
  }

  #selectedStorage(): MetaLocalStorage | undefined {
    const wanted = this._storage ?? this.metaLocalStorage?.trim().toUpperCase();
    return isMetaLocalStorage(wanted) ? wanted : undefined;
  }

  #pickersLocked(): boolean {
    const regionValid = this.#regionChoices().includes(this.region?.trim().toUpperCase() as Region);
    return this.locked && regionValid && this.#selectedStorage() !== undefined;
  }

  #canLaunch(): boolean {
    const phase = this._phase;
    const kind = this._error?.kind;
    return (
      this.#fb !== undefined &&
      (phase === 'ready' || (phase === 'error' && kind !== 'config' && kind !== 'insecure-context')) &&
      this.#selectedStorage() !== undefined
    );
  }

  // --- flow ------------------------------------------------------------------------

  /** Dispatches `whatsapp-signup-<name>`, bubbling and composed. */
  #emit<N extends EventSuffix>(name: N, detail: WhatsAppSignupEventDetails[`whatsapp-signup-${N}`]): void {
    this.dispatchEvent(new CustomEvent(`whatsapp-signup-${name}`, { detail, bubbles: true, composed: true }));
  }

  #boot(): void {
    this._error = undefined;
    const problem = this.#configProblem();
    if (problem) {
      // Developer-facing (the site owner fixes it), so English only, like the console.
      const message = `<whatsapp-signup> is misconfigured: ${problem}.`;
      console.error(message);
      this.#fail({ kind: 'config', message, retryable: false });
      return;
    }
    if (!window.isSecureContext) {
      const message = '<whatsapp-signup> needs a secure context: serve the page over HTTPS.';
      console.error(message);
      this.#fail({ kind: 'insecure-context', message, retryable: false });
      return;
    }
    if (this.#fb) this.#becomeReady(this.#fb);
    else void this.#loadSdk();
  }

  async #loadSdk(): Promise<void> {
    const signal = this.#connection?.signal;
    if (!signal) return;
    this._error = undefined;
    this._phase = 'loading-sdk';
    try {
      const fb = await loadFacebookSdk(this.sdkUrl);
      if (signal.aborted) return;
      this.#becomeReady(fb);
    } catch {
      if (signal.aborted) return;
      this.#fail({ kind: 'sdk-blocked', message: this.#strings().errorSdkBlocked, retryable: true });
    }
  }

  #becomeReady(fb: FacebookSdk): void {
    initFacebookSdk(fb, this.appId, this.graphVersion);
    this.#fb = fb;
    this._phase = 'ready';
    if (!this.#readyFired) {
      this.#readyFired = true;
      this.#emit('ready', {});
    }
  }

  #launch(): void {
    const fb = this.#fb;
    const connection = this.#connection;
    if (!fb || !connection) return;
    this.#attempt?.abort();
    const attempt = new AbortController();
    this.#attempt = attempt;
    const signal = AbortSignal.any([attempt.signal, connection.signal]);
    this._error = undefined;
    this._notice = undefined;
    this._onboarding = undefined;
    this.#retryAction = undefined;
    this.#seenProgress = new Set();
    this.#completeFired = false;
    this._phase = 'launching';
    // Everything up to FB.login stays synchronous: the click's user gesture must survive.
    const outcome = startMetaFlow({
      fb,
      configId: this.configId,
      extras: buildLoginExtras(this.setup, this.extras),
      trustedOrigins: parseTrustedOrigins(this.metaOrigins),
      signal,
      onFinishMessage: (finish) =>
        this.#emit(
          'finish',
          present({
            event: finish.event,
            wabaId: finish.wabaId,
            phoneNumberId: finish.phoneNumberId,
            businessId: finish.businessId,
          }),
        ),
    });
    this._phase = 'awaiting-meta';
    this.#emit('launch', {});
    outcome.then(
      (result) => {
        if (!signal.aborted) this.#onMetaOutcome(result, signal);
      },
      (error: unknown) => {
        if (signal.aborted) return;
        console.error('[whatsapp-signup] FB.login failed:', error);
        this.#fail({ kind: 'sdk-blocked', message: this.#strings().errorSdkBlocked, retryable: true });
      },
    );
  }

  #onMetaOutcome(outcome: MetaOutcome, signal: AbortSignal): void {
    const s = this.#strings();
    switch (outcome.type) {
      case 'finish': {
        const { finish } = outcome;
        if (!finish.phoneNumberId) {
          this.#fail({ kind: 'no-phone-number', message: s.errorNoPhoneNumber, retryable: true });
          return;
        }
        // Optional fields are omitted, never null (CONTRACT section 6).
        const body: CreateOnboardingBody = present({
          wabaId: finish.wabaId,
          phoneNumberId: finish.phoneNumberId,
          businessId: finish.businessId,
          finishEvent: isFinishEvent(finish.event) ? finish.event : undefined,
          region: this.#selectedRegion(),
          metaLocalStorage: this.#selectedStorage() as MetaLocalStorage,
          code: outcome.code,
        });
        const idempotencyKey = crypto.randomUUID();
        void this.#relayRun((relay) => createOnboarding(relay, body, idempotencyKey), signal);
        return;
      }
      case 'cancel':
        this.#emit('cancel', present({ currentStep: outcome.currentStep }));
        this._phase = 'ready';
        // Meta's step name, readable in any language: PHONE_NUMBER_SETUP → "phone number setup".
        this._notice = outcome.currentStep
          ? `${s.cancelled} (${outcome.currentStep.replace(/[<>]/g, '').replace(/_/g, ' ').toLowerCase()})`
          : s.cancelled;
        this.#focusAfterOutcome();
        return;
      case 'meta-error':
        this.#fail(
          present({
            kind: 'meta-error',
            message: outcome.message,
            retryable: true,
            code: outcome.code,
            metaSessionId: outcome.sessionId,
          }),
        );
        return;
      default:
        // popup-blocked, popup-closed, timeout: all fixed by a new run of Meta's flow.
        this.#fail({
          kind: outcome.type,
          message: s[`error${camel(outcome.type)}` as keyof WhatsAppSignupStrings],
          retryable: true,
        });
    }
  }

  #relay(signal: AbortSignal): RelayConnection {
    return {
      baseUrl: this.relayUrl,
      signal,
      getToken: async () => {
        const token = this.getSessionToken ? await this.getSessionToken() : this.sessionToken;
        if (!token) throw new Error('no session token');
        return token;
      },
    };
  }

  /**
   * Runs one relay request (`create` the onboarding, or `retry` a failed one), then
   * follows the onboarding. On failure, the retry button runs the same request again:
   * the same body and Idempotency-Key, or the same `/retry` call.
   */
  async #relayRun(
    request: (relay: RelayConnection) => Promise<Onboarding>,
    signal: AbortSignal,
  ): Promise<void> {
    this._error = undefined;
    this._phase = 'submitting';
    const relay = this.#relay(signal);
    try {
      await this.#follow(relay, await request(relay));
    } catch (error) {
      if (signal.aborted) return;
      const relayError = error instanceof RelayError ? error : new RelayError('relay-unreachable', '', true);
      const unreachable = relayError.kind === 'relay-unreachable';
      this.#fail(
        present({
          kind: relayError.kind,
          message: unreachable ? this.#strings().errorRelayUnreachable : relayError.message,
          retryable: relayError.retryable,
          code: relayError.code,
        }),
        relayError.retryable ? () => void this.#relayRun(request, signal) : undefined,
      );
    }
  }

  async #follow(relay: RelayConnection, onboarding: Onboarding): Promise<void> {
    this._phase = 'progress';
    const final = await followOnboarding(relay, onboarding, (state) => this.#onProgress(state));
    if (relay.signal.aborted) return;
    if (final.status === 'completed') {
      this._phase = 'completed';
      if (!this.#completeFired) {
        this.#completeFired = true;
        this.#emit('complete', final);
      }
      this.#focusAfterOutcome();
      return;
    }
    const error = final.error;
    const retryable = error?.retryable ?? false;
    this.#fail(
      present({
        kind: 'onboarding-failed',
        message: error?.message ?? '',
        retryable,
        code: error?.code,
      }),
      retryable
        ? () => void this.#relayRun((again) => retryOnboarding(again, final.id), relay.signal)
        : undefined,
    );
  }

  #onProgress(onboarding: Onboarding): void {
    const key = `${onboarding.status}|${onboarding.step}|${onboarding.senderState ?? ''}`;
    this._onboarding = onboarding;
    if (this.#seenProgress.has(key)) return;
    this.#seenProgress.add(key);
    this.#emit('progress', onboarding);
  }

  #fail(detail: WhatsAppSignupErrorDetail, retry?: RetryAction): void {
    this._phase = 'error';
    this._error = detail;
    this.#retryAction = retry;
    this.#emit('error', detail);
    this.#focusAfterOutcome();
  }

  /** Moves focus to what the user can do next: retry, the button, else the status text. */
  #focusAfterOutcome(): void {
    if (!this.#acted) return;
    void this.updateComplete.then(() => {
      const root = this.renderRoot as ShadowRoot;
      (
        root.querySelector<HTMLElement>('[part=retry]') ??
        root.querySelector<HTMLElement>('[part=button]:enabled') ??
        root.querySelector<HTMLElement>('[part=status]:not(:empty)') ??
        root.querySelector<HTMLElement>('[part=error]')
      )?.focus();
    });
  }

  // --- rendering -------------------------------------------------------------------

  /** Relay-side failures re-run their request; Meta-side ones and `sdk-blocked` start again (in this click). */
  #onRetryClick = (): void => {
    if (this.#retryAction) this.#retryAction();
    else this.start();
  };

  // The options come from REGIONS and META_LOCAL_STORAGE_CODES, so a select's value is valid.
  #onRegionChange = (event: Event): void => {
    this._region = (event.target as HTMLSelectElement).value as Region;
  };

  #onStorageChange = (event: Event): void => {
    this._storage = (event.target as HTMLSelectElement).value as MetaLocalStorage;
  };

  #statusText(s: WhatsAppSignupStrings): string {
    switch (this._phase) {
      case 'loading-sdk':
        return s.loading;
      case 'ready':
        return this._notice ?? (this.#selectedStorage() ? '' : s.chooseStorage);
      case 'launching':
      case 'awaiting-meta':
        return s.awaitingMeta;
      case 'submitting':
        return s.submitting;
      case 'progress': {
        const step = this._onboarding?.step;
        return (step && s[`step${camel(step)}` as keyof WhatsAppSignupStrings]) || s.submitting;
      }
      case 'completed':
        return s.completed;
      default:
        return '';
    }
  }

  #errorText(s: WhatsAppSignupStrings, error: WhatsAppSignupErrorDetail): string {
    if (error.kind === 'config' || error.kind === 'insecure-context') return error.message;
    const key = `error${camel(error.kind)}` as keyof WhatsAppSignupStrings;
    return format(s[key], { message: error.message });
  }

  protected override render(): unknown {
    const s = this.#strings();
    const phase = this._phase;
    const error = this._error;
    const busy = BUSY_PHASES.includes(phase);
    const flowRunning = busy || phase === 'completed';
    const region = this.#selectedRegion();
    const storage = this.#selectedStorage();
    const locale = resolveLocale(this, this.locale);
    // Region and country names come localised from the browser (EU → "European Union").
    const names = new Intl.DisplayNames([locale, 'en'], { type: 'region' });
    // Every retryable failure has a remedy: a new Meta run, a new SDK load, or #retryAction.
    const retryable = error?.retryable === true;
    const buttonEnabled = this.#canLaunch() || (error?.kind === 'sdk-blocked' && !this.#fb);
    return html`
      ${
        this.#pickersLocked()
          ? nothing
          : html`<div>
            <label
              >${s.regionLabel}
              <select part="region" ?disabled=${flowRunning} @change=${this.#onRegionChange}>
                ${this.#regionChoices().map(
                  (choice) =>
                    html`<option value=${choice} ?selected=${choice === region}>${names.of(choice)}</option>`,
                )}
              </select></label
            >
            <label
              >${s.storageLabel}
              <select part="storage" ?disabled=${flowRunning} @change=${this.#onStorageChange}>
                <option value="" disabled ?selected=${!storage}>${s.storagePlaceholder}</option>
                ${META_LOCAL_STORAGE_CODES.map(
                  (code) =>
                    html`<option value=${code} ?selected=${code === storage}>
                      ${names.of(code)} (${code})
                    </option>`,
                )}
              </select></label
            >
          </div>`
      }
      <button
        part="button"
        type="button"
        ?disabled=${!buttonEnabled}
        aria-busy=${String(busy)}
        @click=${() => this.start()}
      >
        <slot name="icon"></slot>
        <span>${s.connect}</span>
      </button>
      <p part="status" role="status" tabindex="-1" data-phase=${phase}>${this.#statusText(s)}</p>
      ${
        error
          ? html`<p part="error" role="alert" tabindex="-1">
            ${this.#errorText(s, error)}
            ${error.code ? `(${error.code})` : nothing}
          </p>`
          : nothing
      }
      ${retryable ? html`<button part="retry" type="button" @click=${this.#onRetryClick}>${s.retry}</button>` : nothing}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'whatsapp-signup': WhatsAppSignup;
  }
}
