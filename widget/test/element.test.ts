/**
 * The element itself: configuration errors, secure context, the SDK loader (blocked,
 * timeout, existing tag, existing FB, host fbAsyncInit), pickers, locale, keyboard,
 * accessibility, double definition, disconnect.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { defineWhatsAppSignup } from '../src/define.js';
import { timings } from '../src/timings.js';
import { VERSION } from '../src/version.js';
import { WhatsAppSignup } from '../src/whatsapp-signup.js';
import {
  happyRelay,
  launch,
  mount,
  names,
  next,
  part,
  resetPage,
  sandboxUrl,
  sleep,
  until,
} from './helpers.js';

function captureConsole(method: 'error' | 'warn'): { messages: string[]; restore: () => void } {
  const original = console[method];
  const messages: string[] = [];
  console[method] = (...args: unknown[]) => {
    messages.push(args.map(String).join(' '));
  };
  return { messages, restore: () => (console[method] = original) };
}

describe('<whatsapp-signup>', () => {
  beforeEach(() => resetPage());
  afterEach(() => resetPage());

  describe('configuration', () => {
    it('does no work in the constructor', () => {
      const el = document.createElement('whatsapp-signup');
      expect(el.shadowRoot).to.equal(null);
      expect(document.querySelector('script#facebook-jssdk')).to.equal(null);
    });

    it('missing attributes: a config error in the element and the console, no exception', async () => {
      const consoleError = captureConsole('error');
      try {
        const { el, events } = await mount({ 'app-id': false, 'session-token': false });
        await el.updateComplete;
        expect(names(events)).to.deep.equal(['error']);
        expect(events[0]?.detail).to.deep.equal({
          kind: 'config',
          message: '<whatsapp-signup> is misconfigured: missing app-id, session-token.',
          retryable: false,
        });
        expect(part(el, 'error')?.textContent).to.include('missing app-id, session-token');
        expect(part<HTMLButtonElement>(el, 'button')?.disabled).to.equal(true);
        expect(part(el, 'retry')).to.equal(null);
        expect(consoleError.messages.join('\n')).to.include('missing app-id');
        expect(document.querySelector('script#facebook-jssdk')).to.equal(null);
        // An outcome nobody asked for (at load) does not steal the page's focus.
        await sleep(50);
        expect(el.matches(':focus-within'), 'focus moved into the element').to.equal(false);
        // Fixing the configuration recovers without a reload.
        el.setAttribute('app-id', '1234567890');
        el.sessionToken = 'token';
        await next(el, 'whatsapp-signup-ready');
        expect(part(el, 'error')).to.equal(null);
      } finally {
        consoleError.restore();
      }
    });

    it('insecure context: insecure-context, not retryable', async () => {
      const consoleError = captureConsole('error');
      // Window is a [Global] interface: isSecureContext is an own accessor of window itself.
      const original = Object.getOwnPropertyDescriptor(window, 'isSecureContext');
      Object.defineProperty(window, 'isSecureContext', { value: false, configurable: true });
      try {
        const { el, events } = await mount();
        await el.updateComplete;
        expect(events[0]?.detail).to.include({ kind: 'insecure-context', retryable: false });
        expect(part<HTMLButtonElement>(el, 'button')?.disabled).to.equal(true);
      } finally {
        if (original) Object.defineProperty(window, 'isSecureContext', original);
        consoleError.restore();
      }
    });
  });

  describe('Facebook SDK loading', () => {
    it('adds the SDK script once for several elements and fires ready once per connection', async () => {
      const first = await mount();
      const second = await mount();
      await next(first.el, 'whatsapp-signup-ready').catch(() => undefined);
      await until(() => names(second.events).includes('ready'), 5_000, 'second ready');
      expect(document.querySelectorAll('script#facebook-jssdk')).to.have.length(1);
      expect(names(first.events).filter((name) => name === 'ready')).to.have.length(1);
      // Moving the element is a new connection: ready again, no second script.
      const parent = first.el.parentElement as HTMLElement;
      first.el.remove();
      parent.append(first.el);
      await until(() => names(first.events).filter((name) => name === 'ready').length === 2, 5_000, 'ready');
      expect(document.querySelectorAll('script#facebook-jssdk')).to.have.length(1);
    });

    it('blocked script: sdk-blocked; the button retries and replaces the failed tag', async () => {
      const { el, events } = await mount({ 'sdk-url': `${sandboxUrl}/missing/blocked.js` });
      const error = await next(el, 'whatsapp-signup-error');
      expect(error).to.include({ kind: 'sdk-blocked', retryable: true });
      await el.updateComplete;
      expect(part<HTMLButtonElement>(el, 'button')?.disabled).to.equal(false);
      expect(part(el, 'retry')).to.exist;
      el.sdkUrl = `${sandboxUrl}/sdk.js`;
      part<HTMLButtonElement>(el, 'retry')?.click();
      await next(el, 'whatsapp-signup-ready');
      const scripts = document.querySelectorAll<HTMLScriptElement>('script#facebook-jssdk');
      expect(scripts).to.have.length(1);
      expect(scripts[0]?.src).to.equal(`${sandboxUrl}/sdk.js`);
      expect(names(events)).to.deep.equal(['error', 'ready']);
    });

    it('an SDK that loads but never defines FB: sdk-blocked after the timeout', async () => {
      timings.sdkLoadMs = 300;
      const { el } = await mount({ 'sdk-url': `${sandboxUrl}/empty.js` });
      expect((await next(el, 'whatsapp-signup-error')).kind).to.equal('sdk-blocked');
    });

    it('reuses an SDK the page already loaded and initialised', async () => {
      const script = document.createElement('script');
      script.id = 'facebook-jssdk';
      script.src = `${sandboxUrl}/sdk.js`;
      document.head.append(script);
      await until(() => window.FB !== undefined, 5_000, 'FB');
      window.FB?.init({ appId: '1234567890', version: 'v25.0' });
      const consoleWarn = captureConsole('warn');
      try {
        const { el } = await mount();
        await next(el, 'whatsapp-signup-ready');
        expect(document.querySelectorAll('script#facebook-jssdk')).to.have.length(1);
      } finally {
        consoleWarn.restore();
      }
    });

    it('waits for an existing script tag that is still loading', async () => {
      const script = document.createElement('script');
      script.id = 'facebook-jssdk';
      script.async = true;
      script.src = `${sandboxUrl}/sdk.js`;
      document.head.append(script);
      const { el } = await mount();
      await next(el, 'whatsapp-signup-ready');
      expect(document.querySelectorAll('script#facebook-jssdk')).to.have.length(1);
    });

    it('chains a host-owned fbAsyncInit and warns when the host used another app ID', async () => {
      let hostRan = 0;
      window.fbAsyncInit = () => {
        hostRan += 1;
        window.FB?.init({ appId: '5550001', version: 'v25.0' });
      };
      const consoleWarn = captureConsole('warn');
      try {
        const { el } = await mount();
        await next(el, 'whatsapp-signup-ready');
        expect(hostRan).to.equal(1);
        expect(consoleWarn.messages.join('\n')).to.include('5550001');
      } finally {
        consoleWarn.restore();
      }
    });

    it('does not re-run a host fbAsyncInit the SDK already ran (hasRun)', async () => {
      let hostRan = 0;
      const hostInit = Object.assign(() => (hostRan += 1), { hasRun: true });
      window.fbAsyncInit = hostInit;
      const { el } = await mount();
      await next(el, 'whatsapp-signup-ready');
      expect(hostRan).to.equal(0);
    });
  });

  describe('pickers', () => {
    it('restricts regions and falls back to the first allowed one', async () => {
      const { el } = await mount({ regions: 'US,BR', region: 'EU' });
      await el.updateComplete;
      const select = part<HTMLSelectElement>(el, 'region');
      expect([...(select?.options ?? [])].map((option) => option.value)).to.deep.equal(['US', 'BR']);
      expect(select?.value).to.equal('US');
    });

    it('offers Sinch’s 15 storage countries and keeps the button disabled until one is chosen', async () => {
      const { el } = await mount({ 'meta-local-storage': false });
      await next(el, 'whatsapp-signup-ready');
      await el.updateComplete;
      const storage = part<HTMLSelectElement>(el, 'storage');
      const codes = [...(storage?.options ?? [])].map((option) => option.value).filter(Boolean);
      expect(codes).to.deep.equal([
        'AE',
        'AU',
        'BH',
        'BR',
        'CA',
        'CH',
        'DE',
        'GB',
        'ID',
        'IN',
        'JP',
        'KR',
        'SG',
        'US',
        'ZA',
      ]);
      expect(part<HTMLButtonElement>(el, 'button')?.disabled).to.equal(true);
      expect(part(el, 'status')?.textContent).to.equal('Choose a storage country to continue.');
      if (!storage) throw new Error('no storage select');
      storage.value = 'GB';
      storage.dispatchEvent(new Event('change'));
      await el.updateComplete;
      expect(part<HTMLButtonElement>(el, 'button')?.disabled).to.equal(false);
    });

    it('locked with region and storage hides the pickers', async () => {
      const { el } = await mount({ locked: true, region: 'US', 'meta-local-storage': 'US' });
      await el.updateComplete;
      expect(part(el, 'region')).to.equal(null);
      expect(part(el, 'storage')).to.equal(null);
    });

    it('locked without a storage choice still shows the pickers', async () => {
      const { el } = await mount({ locked: true, 'meta-local-storage': false });
      await el.updateComplete;
      expect(part(el, 'storage')).to.exist;
    });
  });

  describe('locale', () => {
    it('switches with the locale attribute and follows the nearest lang', async () => {
      const { el } = await mount({ locale: 'pt-BR' });
      await el.updateComplete;
      expect(part(el, 'button')?.textContent?.trim()).to.equal('Conectar WhatsApp');
      expect(el.shadowRoot?.querySelector('label')?.textContent).to.include('Região Sinch');
      el.locale = 'es';
      await el.updateComplete;
      expect(el.shadowRoot?.querySelector('label')?.textContent).to.include('Región de Sinch');
      el.locale = '';
      el.parentElement?.setAttribute('lang', 'es-MX');
      el.requestUpdate();
      await el.updateComplete;
      expect(el.shadowRoot?.querySelector('label')?.textContent).to.include('Región de Sinch');
      el.parentElement?.setAttribute('lang', 'de');
      el.requestUpdate();
      await el.updateComplete;
      expect(el.shadowRoot?.querySelector('label')?.textContent).to.include('Sinch region');
    });

    it('strings overrides any text; strings.connect is the button’s accessible name', async () => {
      const { el } = await mount({}, { strings: { connect: 'Link my WhatsApp' } });
      await el.updateComplete;
      expect(part(el, 'button')?.textContent?.trim()).to.equal('Link my WhatsApp');
    });
  });

  describe('keyboard and accessibility', () => {
    it('is operable with the keyboard alone', async () => {
      happyRelay();
      const { el, events } = await mount({ 'meta-local-storage': false });
      await next(el, 'whatsapp-signup-ready');
      await el.updateComplete;
      part<HTMLSelectElement>(el, 'region')?.focus();
      await sendKeys({ press: 'Tab' });
      expect(el.shadowRoot?.activeElement).to.equal(part(el, 'storage'));
      await sendKeys({ press: 'ArrowDown' });
      await el.updateComplete;
      expect(part<HTMLSelectElement>(el, 'storage')?.value).to.not.equal('');
      await sendKeys({ press: 'Tab' });
      expect(el.shadowRoot?.activeElement).to.equal(part(el, 'button'));
      window.__META_SANDBOX_SCENARIO__ = { action: 'cancel', step: 'PERMISSIONS' };
      await sendKeys({ press: 'Enter' });
      await next(el, 'whatsapp-signup-cancel');
      expect(names(events)).to.include('launch');
      await el.updateComplete;
      expect(el.shadowRoot?.activeElement).to.equal(part(el, 'button'));
    });

    it('has no serious or critical axe violations when ready, failed and completed', async () => {
      happyRelay();
      const { el } = await mount({ 'meta-local-storage': false });
      await next(el, 'whatsapp-signup-ready');
      await expect(el).to.be.accessible();
      const storage = part<HTMLSelectElement>(el, 'storage');
      if (!storage) throw new Error('no storage select');
      storage.value = 'DE';
      storage.dispatchEvent(new Event('change'));
      window.open = () => null;
      // popup-blocked settles within the click: listen before launching.
      const blocked = next(el, 'whatsapp-signup-error');
      await launch(el, { action: 'finish' });
      await blocked;
      await el.updateComplete;
      await expect(el).to.be.accessible();
      resetPage();
      happyRelay();
      await launch(el, { action: 'finish', event: 'FINISH', phone: true });
      await next(el, 'whatsapp-signup-complete');
      await el.updateComplete;
      await expect(el).to.be.accessible();
    });

    it('has a live status region and a labelled control for every select', async () => {
      const { el } = await mount();
      await el.updateComplete;
      expect(part(el, 'status')?.getAttribute('role')).to.equal('status');
      for (const name of ['region', 'storage']) {
        expect(part(el, name)?.closest('label')?.textContent?.trim()).to.not.equal('');
      }
    });
  });

  describe('definition', () => {
    it('loading the bundle twice is a no-op; another version warns and keeps the first', async () => {
      const consoleWarn = captureConsole('warn');
      try {
        const before = customElements.get('whatsapp-signup');
        // The script-tag bundle, evaluated twice (two URLs = two module instances).
        const bundle = '/widget/dist/whatsapp-signup.js';
        await import(`${bundle}?copy=1`);
        await import(`${bundle}?copy=2`);
        expect(customElements.get('whatsapp-signup')).to.equal(before);
        class Other extends HTMLElement {
          static version = '0.0.1-other';
        }
        customElements.define('whatsapp-signup-other', Other);
        expect(defineWhatsAppSignup('whatsapp-signup-other')).to.equal(Other);
        expect(consoleWarn.messages.join('\n')).to.include('0.0.1-other');
        const warnings = consoleWarn.messages.length;
        expect(defineWhatsAppSignup()).to.equal(before);
        expect(consoleWarn.messages.length).to.equal(warnings);
      } finally {
        consoleWarn.restore();
      }
    });

    it('defines under another tag name on request', async () => {
      const ctor = defineWhatsAppSignup('my-whatsapp-signup');
      const el = await fixture(html`<my-whatsapp-signup></my-whatsapp-signup>`);
      expect(el).to.be.instanceOf(WhatsAppSignup);
      expect(ctor).to.not.equal(WhatsAppSignup);
    });

    it('exposes the package version', async () => {
      const pkg = await (await fetch('/widget/package.json')).json();
      expect(WhatsAppSignup.version).to.equal(VERSION);
      expect(VERSION).to.equal(pkg.version);
    });
  });

  describe('lifecycle', () => {
    it('removes its message listener and restores window.open on disconnect', async () => {
      const { el, events } = await mount();
      await launch(el, { action: 'wait' });
      await until(() => names(events).includes('launch'), 5_000, 'launch');
      el.remove();
      window.dispatchEvent(
        new MessageEvent('message', {
          origin: sandboxUrl,
          data: { type: 'WA_EMBEDDED_SIGNUP', event: 'CANCEL', data: { current_step: 'PERMISSIONS' } },
        }),
      );
      await sleep(200);
      expect(names(events)).to.deep.equal(['ready', 'launch']);
    });

    it('reset() abandons the attempt and returns to ready', async () => {
      const { el, events } = await mount();
      await launch(el, { action: 'wait' });
      await until(() => names(events).includes('launch'), 5_000, 'launch');
      el.reset();
      await el.updateComplete;
      expect(part<HTMLButtonElement>(el, 'button')?.disabled).to.equal(false);
      window.dispatchEvent(
        new MessageEvent('message', {
          origin: sandboxUrl,
          data: { type: 'WA_EMBEDDED_SIGNUP', event: 'CANCEL', data: {} },
        }),
      );
      await sleep(100);
      expect(names(events)).to.deep.equal(['ready', 'launch']);
    });
  });
});
