/**
 * Meta's side of the flow against the Meta sandbox on a second origin: every finish
 * type, cancel, user-reported errors, message forms, ordering, duplicates, spoofed
 * origins, popup blocked or closed, and the callback without authResponse.
 */
import { expect } from '@open-wc/testing';
import { FINISH_EVENTS } from '@whatsapp-signup/shared/meta';
import { timings } from '../src/timings.js';
import {
  defaultTimings,
  happyRelay,
  launch,
  mount,
  names,
  next,
  part,
  popups,
  resetPage,
  SESSION_TOKEN,
  sandboxUrl,
  sleep,
  spoofMessage,
  until,
} from './helpers.js';

describe('Meta flow', () => {
  beforeEach(() => resetPage());
  afterEach(() => resetPage());

  FINISH_EVENTS.forEach((finishEvent, index) => {
    const form = index % 2 === 0 ? 'string' : 'object';
    const version = [3, '3', null][index % 3] ?? null;
    it(`${finishEvent} with a phone number (${form}, version ${String(version)}) onboards`, async () => {
      const calls = happyRelay();
      const { el, events } = await mount();
      await next(el, 'whatsapp-signup-ready');
      await launch(el, { action: 'finish', event: finishEvent, phone: true, form, version });
      const finish = await next(el, 'whatsapp-signup-finish');
      expect(finish).to.deep.equal({
        event: finishEvent,
        wabaId: '102290129340398',
        phoneNumberId: '106540352242922',
        businessId: '298340392812011',
      });
      const done = await next(el, 'whatsapp-signup-complete');
      expect(done.status).to.equal('completed');

      const post = calls.find((call) => call.method === 'POST');
      expect(post?.path).to.equal('/v1/onboardings');
      expect(post?.body).to.include({
        wabaId: '102290129340398',
        phoneNumberId: '106540352242922',
        businessId: '298340392812011',
        finishEvent,
        region: 'EU',
        metaLocalStorage: 'DE',
      });
      expect(post?.body?.code).to.match(/^sandbox-code-[0-9a-f]+$/);
      expect(post?.headers.authorization).to.equal(`Bearer ${SESSION_TOKEN}`);
      expect(post?.headers['idempotency-key']).to.match(/^[0-9a-f-]{36}$/);
      expect(post?.credentials).to.equal('omit');

      expect(names(events)).to.deep.equal([
        'ready',
        'launch',
        'finish',
        'progress',
        'progress',
        'progress',
        'progress',
        'progress',
        'complete',
      ]);
      expect(part(el, 'status')?.textContent).to.equal('Your WhatsApp number is connected.');
      // Neither the code nor the session token ever leaves in an event.
      const serialised = JSON.stringify(events);
      expect(serialised).not.to.include('sandbox-code-');
      expect(serialised).not.to.include(SESSION_TOKEN);
    });
  });

  it('FINISH_ONLY_WABA without a phone number: finish, then no-phone-number, nothing sent', async () => {
    const calls = happyRelay();
    const { el, events } = await mount();
    await launch(el, { action: 'finish', event: 'FINISH_ONLY_WABA', phone: false });
    const error = await next(el, 'whatsapp-signup-error');
    expect(error).to.deep.equal({
      kind: 'no-phone-number',
      message: 'No phone number was added. Start again and add one.',
      retryable: true,
    });
    expect(names(events)).to.deep.equal(['ready', 'launch', 'finish', 'error']);
    expect(events[2]?.detail).to.deep.equal({
      event: 'FINISH_ONLY_WABA',
      wabaId: '102290129340398',
      businessId: '298340392812011',
    });
    expect(calls).to.have.length(0);
    expect(part(el, 'retry')).to.exist;
    expect(part<HTMLButtonElement>(el, 'button')?.disabled).to.equal(false);
  });

  it('a coexistence finish without phone_number_id at all is no-phone-number too', async () => {
    happyRelay();
    const { el } = await mount();
    await launch(el, {
      action: 'finish',
      event: 'FINISH_WHATSAPP_BUSINESS_APP_ONBOARDING',
      phone: 'missing',
    });
    expect((await next(el, 'whatsapp-signup-error')).kind).to.equal('no-phone-number');
  });

  it('cancel with current_step fires cancel only and returns to ready', async () => {
    const { el, events } = await mount();
    await launch(el, { action: 'cancel', step: 'PHONE_NUMBER_SETUP' });
    expect(await next(el, 'whatsapp-signup-cancel')).to.deep.equal({ currentStep: 'PHONE_NUMBER_SETUP' });
    await sleep(timings.noAuthGraceMs + 200);
    expect(names(events)).to.deep.equal(['ready', 'launch', 'cancel']);
    await el.updateComplete;
    expect(part(el, 'status')?.textContent).to.include('phone number setup');
    expect(part<HTMLButtonElement>(el, 'button')?.disabled).to.equal(false);
    expect(part(el, 'error')).to.equal(null);
  });

  it('cancel with error_message and error_code fires meta-error with Meta’s text verbatim', async () => {
    const { el, events } = await mount();
    const message =
      'Your verified name violates WhatsApp guidelines. Please edit your verified name and try again.';
    await launch(el, { action: 'error', errorMessage: message, errorCode: '524126', sessionId: 'sess-42' });
    const error = await next(el, 'whatsapp-signup-error');
    expect(error).to.deep.equal({
      kind: 'meta-error',
      message,
      retryable: true,
      code: '524126',
      metaSessionId: 'sess-42',
    });
    await sleep(timings.noAuthGraceMs + 200);
    expect(names(events)).to.deep.equal(['ready', 'launch', 'error']);
    await el.updateComplete;
    expect(part(el, 'error')?.textContent).to.include(message);
    expect(part(el, 'error')?.textContent).to.include('524126');
  });

  it('cancel with error_id (pre-2026 field name) gives the same code', async () => {
    const { el } = await mount();
    await launch(el, { action: 'error', errorMessage: 'Something failed', errorId: '777', form: 'object' });
    const error = await next(el, 'whatsapp-signup-error');
    expect(error.kind).to.equal('meta-error');
    expect(error.code).to.equal('777');
  });

  it('joins the code and the IDs when the code arrives first', async () => {
    const calls = happyRelay();
    const { el } = await mount();
    await launch(el, { action: 'finish', event: 'FINISH', phone: true, order: 'code-first' });
    await next(el, 'whatsapp-signup-complete');
    expect(calls[0]?.body?.code).to.match(/^sandbox-code-/);
  });

  it('a duplicated message starts nothing twice', async () => {
    const calls = happyRelay();
    const { el, events } = await mount();
    await launch(el, { action: 'finish', event: 'FINISH', phone: true, duplicate: true });
    await next(el, 'whatsapp-signup-complete');
    await sleep(300);
    expect(names(events).filter((name) => name === 'finish')).to.have.length(1);
    expect(calls.filter((call) => call.method === 'POST')).to.have.length(1);
  });

  it('ignores spoofed origins and the page itself; trusts only the exact origin', async () => {
    happyRelay();
    const { el, events } = await mount();
    await launch(el, { action: 'wait' });
    await until(() => popups().length === 1, 5_000, 'popup');
    const message = {
      type: 'WA_EMBEDDED_SIGNUP',
      event: 'FINISH',
      data: { waba_id: '1', phone_number_id: '2', business_id: '3' },
    };
    for (const origin of [
      'https://evilfacebook.com',
      'https://www.facebook.com.evil.test',
      'http://www.facebook.com',
      'https://www.facebook.com',
      window.location.origin,
      `${sandboxUrl}.evil.test`,
    ]) {
      spoofMessage(origin, JSON.stringify(message));
    }
    window.postMessage(JSON.stringify(message), '*');
    await sleep(300);
    expect(names(events)).to.deep.equal(['ready', 'launch']);
    // The same message from the trusted origin is acted on (synchronously: listen first).
    const finished = next(el, 'whatsapp-signup-finish');
    spoofMessage(sandboxUrl, message);
    const finish = await finished;
    expect(finish.wabaId).to.equal('1');
  });

  it('ignores foreign and malformed messages from the trusted origin', async () => {
    const { el, events } = await mount();
    await launch(el, { action: 'wait' });
    spoofMessage(sandboxUrl, 'not json');
    spoofMessage(sandboxUrl, { type: 'SOMETHING_ELSE', event: 'FINISH' });
    spoofMessage(sandboxUrl, JSON.stringify({ type: 'WA_EMBEDDED_SIGNUP', event: 'FINISH', data: {} }));
    await sleep(200);
    expect(names(events)).to.deep.equal(['ready', 'launch']);
  });

  it('popup blocked: window.open returned null', async () => {
    const { el, events } = await mount();
    await next(el, 'whatsapp-signup-ready');
    window.open = () => null;
    // popup-blocked settles within the click: listen before launching.
    const blocked = next(el, 'whatsapp-signup-error');
    await launch(el, { action: 'finish' });
    const error = await blocked;
    expect(error.kind).to.equal('popup-blocked');
    expect(error.retryable).to.equal(true);
    expect(names(events)).to.deep.equal(['ready', 'launch', 'error']);
    await el.updateComplete;
    expect(el.shadowRoot?.activeElement).to.equal(part(el, 'retry'));
  });

  it('popup closed with neither callback nor message: popup-closed after the grace period', async () => {
    timings.popupClosedGraceMs = 400;
    const { el } = await mount();
    await launch(el, { action: 'close' });
    const started = Date.now();
    const error = await next(el, 'whatsapp-signup-error');
    expect(error.kind).to.equal('popup-closed');
    expect(Date.now() - started).to.be.greaterThan(350);
  });

  it('waits the 5 s popup-closed grace and the 15 s SDK timeout of CONTRACT section 6 by default', () => {
    expect(defaultTimings.popupClosedGraceMs).to.equal(5_000);
    expect(defaultTimings.sdkLoadMs).to.equal(15_000);
  });

  it('callback without authResponse and no message: cancel without currentStep', async () => {
    const { el, events } = await mount();
    await launch(el, { action: 'no-auth' });
    expect(await next(el, 'whatsapp-signup-cancel')).to.deep.equal({});
    expect(names(events)).to.deep.equal(['ready', 'launch', 'cancel']);
  });

  it('a code without any message ends in timeout (nothing to send to the relay)', async () => {
    timings.joinMs = 300;
    const calls = happyRelay();
    const { el } = await mount();
    await launch(el, { action: 'code-only' });
    const error = await next(el, 'whatsapp-signup-error');
    expect(error.kind).to.equal('timeout');
    expect(calls).to.have.length(0);
  });

  it('IDs without the code still onboard after the join wait (code omitted)', async () => {
    timings.joinMs = 300;
    const calls = happyRelay();
    const { el } = await mount();
    await launch(el, { action: 'finish', event: 'FINISH', phone: true, code: false });
    await next(el, 'whatsapp-signup-complete');
    expect(calls[0]?.body).not.to.have.property('code');
  });

  it('passes config_id, response_type code and the merged extras to FB.login', async () => {
    const { el } = await mount(
      {},
      {
        setup: { business: { id: null, name: 'Acme' } },
        extras: { featureType: 'whatsapp_business_app_onboarding', setup: { ignored: true }, version: 'v3' },
      },
    );
    await next(el, 'whatsapp-signup-ready');
    const fb = window.FB;
    if (!fb) throw new Error('no FB');
    const options: unknown[] = [];
    const login = fb.login.bind(fb);
    fb.login = (callback, opts) => {
      options.push(opts);
      login(callback, opts);
    };
    await launch(el, { action: 'cancel' });
    await next(el, 'whatsapp-signup-cancel');
    expect(options[0]).to.deep.equal({
      config_id: '987654321',
      response_type: 'code',
      override_default_response_type: true,
      extras: {
        setup: { business: { id: null, name: 'Acme' } },
        sessionInfoVersion: '3',
        featureType: 'whatsapp_business_app_onboarding',
        version: 'v3',
      },
    });
  });

  it('without a setup property, extras.setup defaults to {} and the extras property may set it', async () => {
    const { el } = await mount();
    await next(el, 'whatsapp-signup-ready');
    const fb = window.FB;
    if (!fb) throw new Error('no FB');
    const options: { extras?: unknown }[] = [];
    fb.login = (callback, opts) => {
      options.push(opts);
      callback({ status: 'unknown', authResponse: null });
    };
    await launch(el, { action: 'wait' });
    await next(el, 'whatsapp-signup-cancel');
    expect(options[0]?.extras).to.deep.equal({ setup: {}, sessionInfoVersion: '3' });
    el.extras = { setup: { preVerifiedPhone: { ids: ['1'] } } };
    await launch(el, { action: 'wait' });
    await next(el, 'whatsapp-signup-cancel');
    expect(options[1]?.extras).to.deep.equal({
      setup: { preVerifiedPhone: { ids: ['1'] } },
      sessionInfoVersion: '3',
    });
  });

  it('an FB.login that opens no visible popup and never answers ends in timeout, not a stuck spinner', async () => {
    timings.metaFlowMs = 300;
    const { el } = await mount();
    await next(el, 'whatsapp-signup-ready');
    const fb = window.FB;
    if (!fb) throw new Error('no FB');
    fb.login = () => undefined;
    await launch(el, { action: 'wait' });
    expect(await next(el, 'whatsapp-signup-error')).to.include({ kind: 'timeout', retryable: true });
    await el.updateComplete;
    expect(part<HTMLButtonElement>(el, 'button')?.disabled).to.equal(false);
  });

  it('with a popup to watch there is no overall time limit', async () => {
    timings.metaFlowMs = 200;
    const { el, events } = await mount();
    await launch(el, { action: 'wait' });
    await sleep(600);
    expect(names(events)).to.deep.equal(['ready', 'launch']);
  });

  it('calls FB.login synchronously inside the click (no await before it)', async () => {
    const { el } = await mount();
    await next(el, 'whatsapp-signup-ready');
    const fb = window.FB;
    if (!fb) throw new Error('no FB');
    let calledDuringClick = false;
    let inClick = false;
    fb.login = () => {
      calledDuringClick = inClick;
    };
    const button = part<HTMLButtonElement>(el, 'button');
    inClick = true;
    button?.click();
    inClick = false;
    expect(calledDuringClick).to.equal(true);
  });
});
