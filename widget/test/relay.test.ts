/**
 * The relay side against a fake relay (a `fetch` stub): request shape, progress
 * events, SSE and polling, relay errors and retry semantics.
 */
import { expect } from '@open-wc/testing';
import { timings } from '../src/timings.js';
import {
  happyRelay,
  installRelay,
  json,
  launch,
  mount,
  names,
  next,
  onboarding,
  part,
  type RelayCall,
  resetPage,
  SESSION_TOKEN,
  sleep,
  sse,
  until,
} from './helpers.js';

const finishScenario = { action: 'finish', event: 'FINISH', phone: true } as const;

function posts(calls: RelayCall[]): RelayCall[] {
  return calls.filter((call) => call.method === 'POST' && call.path === '/v1/onboardings');
}

describe('relay calls', () => {
  beforeEach(() => resetPage());
  afterEach(() => resetPage());

  it('fires progress once per distinct (status, step, senderState) and complete exactly once', async () => {
    happyRelay();
    const { el, events } = await mount();
    await launch(el, finishScenario);
    await next(el, 'whatsapp-signup-complete');
    await sleep(200);
    const progress = events.filter((event) => event.name === 'whatsapp-signup-progress');
    const keys = progress.map((event) => {
      const state = event.detail as { status: string; step: string; senderState: string | null };
      return `${state.status}|${state.step}|${state.senderState}`;
    });
    expect(keys).to.deep.equal([
      'in_progress|subproject|null',
      'in_progress|sender|null',
      'in_progress|sender_activation|IN_PROGRESS',
      'in_progress|app|ACTIVE',
      'completed|done|ACTIVE',
    ]);
    expect(names(events).filter((name) => name === 'complete')).to.have.length(1);
    expect(el.shadowRoot?.activeElement).to.equal(part(el, 'status'));
  });

  it('reads the stream with fetch and the Authorization header (no token in any URL)', async () => {
    const calls = happyRelay();
    const { el } = await mount();
    await launch(el, finishScenario);
    await next(el, 'whatsapp-signup-complete');
    const stream = calls.find((call) => call.path.endsWith('/events'));
    expect(stream?.headers.authorization).to.equal(`Bearer ${SESSION_TOKEN}`);
    expect(stream?.headers.accept).to.equal('text/event-stream');
    for (const call of calls) {
      expect(call.path).not.to.include(SESSION_TOKEN);
      expect(call.credentials).to.equal('omit');
    }
  });

  it('parses a stream delivered in small chunks', async () => {
    installRelay((call) => {
      if (call.method === 'POST') return json(202, onboarding());
      return sse([onboarding({ step: 'sender' }), onboarding({ status: 'completed', step: 'done' })], {
        splitEvery: 7,
      });
    });
    const { el } = await mount();
    await launch(el, finishScenario);
    expect((await next(el, 'whatsapp-signup-complete')).step).to.equal('done');
  });

  it('falls back to polling when the stream is unavailable', async () => {
    timings.pollMs = 50;
    let polls = 0;
    const calls = installRelay((call) => {
      if (call.method === 'POST') return json(202, onboarding());
      if (call.path.endsWith('/events')) return json(404, { error: { code: 'not_found', message: 'x' } });
      polls += 1;
      return json(
        200,
        polls < 3 ? onboarding({ step: 'sender' }) : onboarding({ status: 'completed', step: 'done' }),
      );
    });
    const { el } = await mount();
    await launch(el, finishScenario);
    await next(el, 'whatsapp-signup-complete');
    expect(
      calls.filter((call) => call.path === '/v1/onboardings/onb_1' && call.method === 'GET'),
    ).to.have.length(3);
  });

  it('falls back to polling when the stream ends before a final state', async () => {
    timings.pollMs = 50;
    installRelay((call) => {
      if (call.method === 'POST') return json(202, onboarding());
      if (call.path.endsWith('/events')) return sse([onboarding({ step: 'sender' })]);
      return json(200, onboarding({ status: 'completed', step: 'done' }));
    });
    const { el } = await mount();
    await launch(el, finishScenario);
    await next(el, 'whatsapp-signup-complete');
  });

  it('network failure: relay-unreachable; retry re-sends the same body with the same Idempotency-Key', async () => {
    let fail = true;
    const calls = installRelay((call) => {
      if (call.method === 'POST' && fail) throw new TypeError('Failed to fetch');
      if (call.method === 'POST') return json(202, onboarding());
      return sse([onboarding({ status: 'completed', step: 'done' })]);
    });
    const { el } = await mount();
    await launch(el, finishScenario);
    const error = await next(el, 'whatsapp-signup-error');
    expect(error).to.deep.equal({
      kind: 'relay-unreachable',
      message: 'The signup service is unreachable. Try again.',
      retryable: true,
    });
    await el.updateComplete;
    const retry = part<HTMLButtonElement>(el, 'retry');
    expect(retry).to.exist;
    expect(el.shadowRoot?.activeElement).to.equal(retry);
    fail = false;
    retry?.click();
    await next(el, 'whatsapp-signup-complete');
    const [first, second] = posts(calls);
    expect(second?.headers['idempotency-key']).to.equal(first?.headers['idempotency-key']);
    expect(second?.body).to.deep.equal(first?.body);
  });

  it('a relay that does not answer in time is relay-unreachable', async () => {
    timings.relayRequestMs = 200;
    // Never answers; rejects only when the widget aborts, as a real fetch does.
    installRelay(
      (call) =>
        new Promise<Response>((_resolve, reject) => {
          call.signal?.addEventListener('abort', () => reject(call.signal?.reason));
        }),
    );
    const { el } = await mount();
    await launch(el, finishScenario);
    expect((await next(el, 'whatsapp-signup-error')).kind).to.equal('relay-unreachable');
  });

  it('4xx: relay-rejected with the relay’s code and message, not retryable, the button stays usable', async () => {
    installRelay(() =>
      json(400, { error: { code: 'invalid_body', message: 'wabaId must be digits', requestId: 'r1' } }),
    );
    const { el } = await mount();
    await launch(el, finishScenario);
    const error = await next(el, 'whatsapp-signup-error');
    expect(error).to.deep.equal({
      kind: 'relay-rejected',
      message: 'wabaId must be digits',
      retryable: false,
      code: 'invalid_body',
    });
    await el.updateComplete;
    expect(part(el, 'retry')).to.equal(null);
    expect(part<HTMLButtonElement>(el, 'button')?.disabled).to.equal(false);
    expect(part(el, 'error')?.textContent).to.include('wabaId must be digits');
  });

  for (const status of [408, 429, 500, 503]) {
    it(`HTTP ${status}: relay-rejected, retryable`, async () => {
      let answered = false;
      installRelay((call) => {
        if (call.method === 'POST' && !answered) {
          answered = true;
          return new Response('upstream trouble', { status });
        }
        if (call.method === 'POST') return json(200, onboarding({ status: 'completed', step: 'done' }));
        return json(404, {});
      });
      const { el } = await mount();
      await launch(el, finishScenario);
      const error = await next(el, 'whatsapp-signup-error');
      expect(error).to.include({ kind: 'relay-rejected', retryable: true, code: String(status) });
      await el.updateComplete;
      part<HTMLButtonElement>(el, 'retry')?.click();
      await next(el, 'whatsapp-signup-complete');
    });
  }

  it('a failed onboarding shows the relay’s message; retry calls POST /v1/onboardings/:id/retry', async () => {
    let retried = false;
    const failed = onboarding({
      status: 'failed',
      step: 'sender',
      error: { code: 'sinch_unavailable', message: 'Sinch kept failing', retryable: true, step: 'sender' },
    });
    const calls = installRelay((call) => {
      if (call.path === '/v1/onboardings/onb_1/retry') {
        retried = true;
        return json(202, onboarding({ step: 'sender' }));
      }
      if (call.method === 'POST') return json(202, onboarding());
      if (call.path.endsWith('/events')) {
        return retried
          ? sse([onboarding({ status: 'completed', step: 'done' })])
          : sse([onboarding(), failed]);
      }
      return json(404, {});
    });
    const { el } = await mount();
    await launch(el, finishScenario);
    const error = await next(el, 'whatsapp-signup-error');
    expect(error).to.deep.equal({
      kind: 'onboarding-failed',
      message: 'Sinch kept failing',
      retryable: true,
      code: 'sinch_unavailable',
    });
    await el.updateComplete;
    part<HTMLButtonElement>(el, 'retry')?.click();
    await next(el, 'whatsapp-signup-complete');
    expect(calls.filter((call) => call.path.endsWith('/retry'))).to.have.length(1);
    expect(posts(calls)).to.have.length(1);
  });

  it('a permanently failed onboarding offers no retry but a new attempt', async () => {
    installRelay((call) => {
      if (call.method === 'POST') {
        return json(
          200,
          onboarding({
            status: 'failed',
            step: 'sender',
            error: { code: 'waba_id_used', message: 'WABA already used', retryable: false, step: 'sender' },
          }),
        );
      }
      return json(404, {});
    });
    const { el } = await mount();
    await launch(el, finishScenario);
    const error = await next(el, 'whatsapp-signup-error');
    expect(error).to.include({ kind: 'onboarding-failed', retryable: false, code: 'waba_id_used' });
    await el.updateComplete;
    expect(part(el, 'retry')).to.equal(null);
    expect(part<HTMLButtonElement>(el, 'button')?.disabled).to.equal(false);
  });

  it('calls getSessionToken before each relay request and uses what it returns', async () => {
    let issued = 0;
    const calls = happyRelay();
    const { el } = await mount(
      { 'session-token': false },
      {
        getSessionToken: async () => {
          issued += 1;
          return `fresh-${issued}`;
        },
      },
    );
    await launch(el, finishScenario);
    await next(el, 'whatsapp-signup-complete');
    expect(issued).to.equal(calls.length);
    expect(calls.map((call) => call.headers.authorization)).to.deep.equal(
      calls.map((_, index) => `Bearer fresh-${index + 1}`),
    );
  });

  it('a failing getSessionToken is relay-unreachable and retryable', async () => {
    happyRelay();
    const { el } = await mount(
      { 'session-token': false },
      {
        getSessionToken: () => Promise.reject(new Error('backend down')),
      },
    );
    await launch(el, finishScenario);
    expect(await next(el, 'whatsapp-signup-error')).to.include({
      kind: 'relay-unreachable',
      retryable: true,
    });
  });

  it('sends the chosen region and storage; omits optional fields Meta did not send', async () => {
    const calls = happyRelay();
    timings.joinMs = 200;
    const { el } = await mount({ region: 'BR', 'meta-local-storage': 'BR' });
    await launch(el, { ...finishScenario, code: false });
    await next(el, 'whatsapp-signup-complete');
    expect(posts(calls)[0]?.body).to.include({ region: 'BR', metaLocalStorage: 'BR' });
    expect(Object.values(posts(calls)[0]?.body ?? {})).not.to.include(null);
  });

  it('aborts the stream and ignores late answers after disconnect', async () => {
    let release: (() => void) | undefined;
    installRelay(
      (call) =>
        new Promise<Response>((resolve) => {
          release = () => resolve(call.method === 'POST' ? json(202, onboarding()) : json(404, {}));
        }),
    );
    const { el, events } = await mount();
    await launch(el, finishScenario);
    await until(() => release !== undefined, 10_000, 'relay request');
    el.remove();
    release?.();
    await sleep(200);
    expect(names(events)).not.to.include('progress');
    expect(names(events)).not.to.include('error');
  });
});
