/**
 * Test helpers: a clean page per test, the Meta sandbox's URL, a fake relay
 * (a `fetch` stub) and small waiting utilities.
 */
import { fixture, html } from '@open-wc/testing';
import type { Onboarding } from '@whatsapp-signup/shared/api';
// @ts-expect-error: virtual module served by the WTR config (web-test-runner.config.mjs).
import { sandboxUrl as servedSandboxUrl } from '/__meta-sandbox.js';
import '../src/define.js';
import type { WhatsAppSignupEventDetails } from '../src/events.js';
import { timings } from '../src/timings.js';
import type { WhatsAppSignup } from '../src/whatsapp-signup.js';

/** The Meta sandbox's base URL (a second origin: 127.0.0.1 while pages are on localhost). */
export const sandboxUrl: string = servedSandboxUrl;
export const SESSION_TOKEN = 'session-token-secret-123';
export const RELAY_URL = 'https://relay.test';

/** The timings as the module defines them, before any test shortens them. */
export const defaultTimings = Object.freeze({ ...timings });

/** What a Meta sandbox popup should do (see test/meta-sandbox/public/popup.js). */
export interface Scenario {
  action: 'finish' | 'cancel' | 'error' | 'close' | 'no-auth' | 'code-only' | 'wait';
  event?: string;
  phone?: boolean | 'missing';
  step?: string;
  errorMessage?: string;
  errorCode?: string;
  errorId?: string;
  sessionId?: string;
  form?: 'string' | 'object';
  version?: number | string | null;
  order?: 'message-first' | 'code-first';
  duplicate?: boolean;
  code?: string | false;
}

declare global {
  interface Window {
    __META_SANDBOX_SCENARIO__?: Scenario | undefined;
  }
}

const openedWindows: Window[] = [];
const nativeOpen = window.open;

/** Resets everything a test may leave on the page: SDK, script tags, popups, timings, fetch. */
export function resetPage(): void {
  for (const popup of openedWindows.splice(0)) popup.close();
  window.open = function (this: Window, ...args: Parameters<typeof window.open>) {
    const opened = nativeOpen.apply(this ?? window, args);
    if (opened) openedWindows.push(opened);
    return opened;
  };
  delete window.FB;
  delete window.fbAsyncInit;
  delete window.__META_SANDBOX_SCENARIO__;
  for (const script of document.querySelectorAll('script#facebook-jssdk')) script.remove();
  delete (globalThis as unknown as Record<symbol, unknown>)[Symbol.for('whatsapp-signup.facebook-sdk')];
  Object.assign(timings, defaultTimings, { joinMs: 1_500, noAuthGraceMs: 300, popupClosedGraceMs: 5_000 });
  restoreFetch();
}

/** The popups opened since the last reset. */
export function popups(): readonly Window[] {
  return openedWindows;
}

// --- fake relay ------------------------------------------------------------------

/** One request the widget sent. */
export interface RelayCall {
  method: string;
  path: string;
  headers: Record<string, string>;
  credentials: RequestCredentials | undefined;
  body: Record<string, unknown> | undefined;
  signal: AbortSignal | undefined;
}

type Handler = (call: RelayCall) => Response | Promise<Response>;
const nativeFetch = window.fetch;

/** Replaces `fetch` for relay URLs; other URLs go to the network as usual. */
export function installRelay(handler: Handler): RelayCall[] {
  const calls: RelayCall[] = [];
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    if (url.origin !== RELAY_URL) return nativeFetch(input, init);
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, key) => {
      headers[key] = value;
    });
    const call: RelayCall = {
      method: init?.method ?? 'GET',
      path: url.pathname + url.search,
      headers,
      credentials: init?.credentials,
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
      signal: init?.signal ?? undefined,
    };
    calls.push(call);
    init?.signal?.throwIfAborted();
    return handler(call);
  };
  return calls;
}

export function restoreFetch(): void {
  window.fetch = nativeFetch;
}

/** A JSON answer. */
export function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

/** An SSE answer with one `onboarding` frame per state (and a keep-alive comment first). */
export function sse(states: Onboarding[], { splitEvery = 0 } = {}): Response {
  const text = `: keep-alive\n\n${states
    .map((state, index) => `id: ${index + 1}\nevent: onboarding\ndata: ${JSON.stringify(state)}\n\n`)
    .join('')}`;
  const encoder = new TextEncoder();
  const chunks = splitEvery > 0 ? (text.match(new RegExp(`[\\s\\S]{1,${splitEvery}}`, 'g')) ?? []) : [text];
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
  return new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } });
}

/** An onboarding resource. */
export function onboarding(overrides: Partial<Onboarding> = {}): Onboarding {
  return {
    id: 'onb_1',
    customerId: 'customer-1',
    status: 'in_progress',
    step: 'subproject',
    region: 'EU',
    metaLocalStorage: 'DE',
    wabaId: '102290129340398',
    phoneNumberId: '106540352242922',
    subprojectId: null,
    senderId: null,
    senderState: null,
    appId: null,
    appRegion: null,
    error: null,
    createdAt: '2026-11-25T14:00:00.000Z',
    updatedAt: '2026-11-25T14:00:00.000Z',
    ...overrides,
  } as Onboarding;
}

/** The happy relay: 202, then an event stream from subproject to completed. */
export function happyRelay(): RelayCall[] {
  return installRelay((call) => {
    if (call.method === 'POST' && call.path === '/v1/onboardings') return json(202, onboarding());
    if (call.path === '/v1/onboardings/onb_1/events') {
      return sse([
        onboarding(),
        onboarding({ step: 'sender', subprojectId: 'sub_1' }),
        onboarding({ step: 'sender_activation', senderId: 'snd_1', senderState: 'IN_PROGRESS' }),
        onboarding({ step: 'sender_activation', senderId: 'snd_1', senderState: 'IN_PROGRESS' }),
        onboarding({ step: 'app', senderId: 'snd_1', senderState: 'ACTIVE' }),
        onboarding({
          status: 'completed',
          step: 'done',
          senderState: 'ACTIVE',
          appId: 'app_1',
          appRegion: 'eu',
        }),
      ]);
    }
    return json(404, { error: { code: 'not_found', message: 'no such route', requestId: 'r1' } });
  });
}

// --- element -------------------------------------------------------------------------

/** Every widget event an element fired, in order. */
export interface Recorded {
  name: keyof WhatsAppSignupEventDetails;
  detail: unknown;
}

/** Records every `whatsapp-signup-*` event of `el`. */
export function record(el: HTMLElement): Recorded[] {
  const events: Recorded[] = [];
  const names: (keyof WhatsAppSignupEventDetails)[] = [
    'whatsapp-signup-ready',
    'whatsapp-signup-launch',
    'whatsapp-signup-finish',
    'whatsapp-signup-cancel',
    'whatsapp-signup-progress',
    'whatsapp-signup-complete',
    'whatsapp-signup-error',
  ];
  for (const name of names) {
    el.addEventListener(name, (event) => events.push({ name, detail: (event as CustomEvent).detail }));
  }
  return events;
}

/** Mounts a configured element pointing at the sandbox SDK, with storage preselected. */
export async function mount(
  attributes: Record<string, string | boolean> = {},
  properties: Partial<WhatsAppSignup> = {},
): Promise<{ el: WhatsAppSignup; events: Recorded[] }> {
  const el = document.createElement('whatsapp-signup');
  const all: Record<string, string | boolean> = {
    'app-id': '1234567890',
    'config-id': '987654321',
    'relay-url': RELAY_URL,
    'session-token': SESSION_TOKEN,
    'sdk-url': `${sandboxUrl}/sdk.js`,
    'meta-origins': sandboxUrl,
    'meta-local-storage': 'DE',
    ...attributes,
  };
  for (const [name, value] of Object.entries(all)) {
    if (value === false) continue;
    el.setAttribute(name, value === true ? '' : value);
  }
  Object.assign(el, properties);
  const events = record(el);
  const parent = await fixture<HTMLDivElement>(html`<div></div>`);
  parent.append(el);
  return { el, events };
}

/** Resolves with the next event `name` on `el`. */
export function next<K extends keyof WhatsAppSignupEventDetails>(
  el: HTMLElement,
  name: K,
  timeoutMs = 10_000,
): Promise<WhatsAppSignupEventDetails[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${name} within ${timeoutMs} ms`)), timeoutMs);
    el.addEventListener(
      name,
      (event) => {
        clearTimeout(timer);
        resolve((event as CustomEvent).detail);
      },
      { once: true },
    );
  });
}

/** Waits until `predicate` holds, polling every 20 ms. */
export async function until(predicate: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A part inside the element's shadow root. */
export function part<T extends HTMLElement = HTMLElement>(el: HTMLElement, name: string): T | null {
  return el.shadowRoot?.querySelector<T>(`[part="${name}"]`) ?? null;
}

/** Waits for `ready`, sets the scenario and clicks the launch button. */
export async function launch(el: WhatsAppSignup, scenario: Scenario): Promise<void> {
  if (!part<HTMLButtonElement>(el, 'button') || part<HTMLButtonElement>(el, 'button')?.disabled) {
    await until(() => part<HTMLButtonElement>(el, 'button')?.disabled === false, 10_000, 'enabled button');
  }
  window.__META_SANDBOX_SCENARIO__ = scenario;
  part<HTMLButtonElement>(el, 'button')?.click();
}

/** The names of the recorded events, in order. */
export function names(events: Recorded[]): string[] {
  return events.map((event) => event.name.replace('whatsapp-signup-', ''));
}

/** Posts a message to this window as if it came from `origin` (a synthetic event: origins can be spoofed). */
export function spoofMessage(origin: string, data: unknown): void {
  window.dispatchEvent(new MessageEvent('message', { origin, data }));
}
