import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../store/index.js';
import { databaseKinds, type TestDatabase } from '../test-support/databases.js';
import { FakeSinch, FakeSinchError } from '../test-support/fake-sinch.js';
import { waitFor } from '../test-support/wait.js';
import { onboardingInput, startRunner, waitFinished } from '../test-support/workflow-harness.js';
import type { WorkflowRunner } from './runner.js';
import { appDisplayName, CUSTOMER_LABEL, chooseAppRegion, WABA_LABEL } from './steps.js';

describe('app region choice', () => {
  it('prefers the onboarding region, else the first compatible one', () => {
    expect(chooseAppRegion('EU', ['us', 'eu'])).toBe('eu');
    expect(chooseAppRegion('BR', ['US', 'eu'])).toBe('us');
    expect(chooseAppRegion('EU', [])).toBeUndefined();
  });
  it('names apps deterministically', () => {
    expect(appDisplayName({ display_name: 'Shop', phone_number_id: '42' })).toBe('Shop WhatsApp 42');
  });
});

describe.each(databaseKinds)('workflow on $name', (kind) => {
  let database: TestDatabase;
  let store: Store;
  const runners: WorkflowRunner[] = [];

  beforeAll(async () => {
    database = await kind.create();
    store = await openStore(database.url);
  });
  afterEach(async () => {
    await Promise.all(runners.splice(0).map((runner) => runner.stop()));
  });
  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });

  function run(sinch: FakeSinch, options: Parameters<typeof startRunner>[2] = {}) {
    const started = startRunner(store, sinch, options);
    runners.push(started.runner);
    return started;
  }

  it('completes the happy path with one subproject, sender and app, and a webhook', async () => {
    const sinch = new FakeSinch();
    sinch.activateAfterGets = 2;
    const { runner } = run(sinch, {
      webhook: { target: 'https://relay.example/v1/callbacks/sinch/provisioning', secret: 's' },
    });
    const input = onboardingInput({ customer_id: 'happy' });
    await store.createOnboarding(input, Date.now());
    runner.wake(input.id);
    const row = await waitFinished(store, input.id);
    expect(row).toMatchObject({
      status: 'completed',
      step: 'done',
      sender_state: 'ACTIVE',
      app_region: 'eu',
      call_started: null,
    });
    expect([sinch.count('createSubproject'), sinch.count('createSender'), sinch.count('createApp')]).toEqual([
      1, 1, 1,
    ]);
    expect(sinch.count('registerWebhook')).toBe(1);
    const [subproject] = sinch.subprojects.values();
    expect(subproject?.labels).toMatchObject({
      plan: 'gold',
      [CUSTOMER_LABEL]: 'happy',
      [WABA_LABEL]: input.waba_id,
    });
    const [app] = sinch.apps.values();
    expect(app).toMatchObject({ senderId: row.sender_id, token: `bearer-${row.sender_id}` });
    expect(JSON.stringify(row)).not.toContain('bearer-');
  });

  it('reuses the subproject for a second phone number of the same WABA, not for another WABA', async () => {
    const sinch = new FakeSinch();
    const { runner } = run(sinch);
    const first = onboardingInput({ customer_id: 'reuse' });
    const second = onboardingInput({ customer_id: 'reuse' });
    const otherWaba = onboardingInput({ customer_id: 'reuse', waba_id: '999' });
    for (const input of [first, second, otherWaba]) {
      await store.createOnboarding(input, Date.now());
      runner.wake(input.id);
      await waitFinished(store, input.id);
    }
    const rows = await Promise.all([first, second, otherWaba].map((input) => store.getOnboarding(input.id)));
    expect(rows[0]?.subproject_id).toBe(rows[1]?.subproject_id);
    expect(rows[2]?.subproject_id).not.toBe(rows[0]?.subproject_id);
    expect(sinch.count('createSubproject')).toBe(2);
    expect(sinch.count('createSender')).toBe(3);
  });

  it('creates one subproject for ten concurrent onboardings of one WABA', async () => {
    const sinch = new FakeSinch();
    const { runner } = run(sinch);
    const inputs = Array.from({ length: 10 }, () =>
      onboardingInput({ customer_id: 'concurrent', waba_id: '31337' }),
    );
    await Promise.all(inputs.map((input) => store.createOnboarding(input, Date.now())));
    for (const input of inputs) runner.wake(input.id);
    const rows = await Promise.all(inputs.map((input) => waitFinished(store, input.id)));
    expect(new Set(rows.map((row) => row.subproject_id)).size).toBe(1);
    expect(rows.every((row) => row.status === 'completed')).toBe(true);
    expect(sinch.count('createSubproject')).toBe(1);
  });

  it('finds a sender whose create answer was lost instead of creating another', async () => {
    const sinch = new FakeSinch();
    sinch.loseAnswer('createSender');
    sinch.loseAnswer('createApp');
    sinch.loseAnswer('createSubproject');
    const { runner } = run(sinch);
    const input = onboardingInput({ customer_id: 'lost-answers' });
    await store.createOnboarding(input, Date.now());
    runner.wake(input.id);
    expect(await waitFinished(store, input.id)).toMatchObject({ status: 'completed' });
    expect(sinch.senders.size).toBe(1);
    expect(sinch.apps.size).toBe(1);
    expect(sinch.subprojects.size).toBe(1);
    expect(sinch.count('findSender')).toBe(1);
    expect(sinch.count('findApp')).toBe(1);
    expect(sinch.count('findSubprojectByLabels')).toBe(1);
  });

  it('retries retryable failures and then succeeds', async () => {
    const sinch = new FakeSinch();
    sinch.failNext('createSender', new FakeSinchError('http_503', true, 503), 2);
    sinch.failNext('getSender', new FakeSinchError('too_many_requests', true, 429, 10), 1);
    const { runner } = run(sinch);
    const input = onboardingInput({ customer_id: 'flaky' });
    await store.createOnboarding(input, Date.now());
    runner.wake(input.id);
    expect(await waitFinished(store, input.id)).toMatchObject({
      status: 'completed',
      attempts: 0,
      failing_since: null,
    });
    expect(sinch.senders.size).toBe(1);
  });

  it('fails with retryable: true once the retry budget is spent', async () => {
    const sinch = new FakeSinch();
    sinch.failNext('createSubproject', new FakeSinchError('http_503', true, 503), 1_000);
    const { runner } = run(sinch, { timing: { retryBudgetMs: 300 } });
    const input = onboardingInput({ customer_id: 'budget' });
    await store.createOnboarding(input, Date.now());
    runner.wake(input.id);
    const row = await waitFinished(store, input.id);
    expect(row).toMatchObject({
      status: 'failed',
      step: 'subproject',
      error_code: 'http_503',
      error_retryable: 1,
    });
  });

  it('fails at once on a permanent error with Sinch code, and a retry resumes from that step', async () => {
    const sinch = new FakeSinch();
    sinch.failNext('createSender', new FakeSinchError('waba_id_used', false, 409));
    const { runner } = run(sinch);
    const input = onboardingInput({ customer_id: 'permanent' });
    await store.createOnboarding(input, Date.now());
    runner.wake(input.id);
    const failed = await waitFinished(store, input.id);
    expect(failed).toMatchObject({
      status: 'failed',
      step: 'sender',
      error_code: 'waba_id_used',
      error_retryable: 0,
    });
    await store.retryFailed(input.id, Date.now());
    runner.wake(input.id);
    expect(await waitFinished(store, input.id)).toMatchObject({ status: 'completed' });
    expect(sinch.count('createSubproject')).toBe(1);
    expect(sinch.senders.size).toBe(1);
  });

  it('fails when Sinch rejects the sender', async () => {
    const sinch = new FakeSinch();
    sinch.activateAfterGets = Number.POSITIVE_INFINITY;
    const { runner } = run(sinch);
    const input = onboardingInput({ customer_id: 'rejected' });
    await store.createOnboarding(input, Date.now());
    runner.wake(input.id);
    const waiting = await waitFor(async () => {
      const row = await store.getOnboarding(input.id);
      return row?.sender_id ? row : undefined;
    });
    sinch.reject(waiting.sender_id ?? '', 'REJECTED');
    expect(await waitFinished(store, input.id)).toMatchObject({
      status: 'failed',
      step: 'sender_activation',
      error_code: 'sender_rejected',
      sender_state: 'REJECTED',
    });
  });

  it('retries project_not_found on a fresh subproject within the warm-up window', async () => {
    const sinch = new FakeSinch();
    sinch.failNext('createSender', new FakeSinchError('project_not_found', false, 404), 2);
    const { runner } = run(sinch);
    const input = onboardingInput({ customer_id: 'warmup' });
    await store.createOnboarding(input, Date.now());
    runner.wake(input.id);
    expect(await waitFinished(store, input.id)).toMatchObject({ status: 'completed' });
  });

  it('runs again at once when a callback lands while its poll is in flight elsewhere', async () => {
    const sinch = new FakeSinch();
    sinch.activateAfterGets = Number.POSITIVE_INFINITY;
    // Polls an hour apart: only the signal can make the onboarding due again soon.
    const { runner } = run(sinch, { timing: { pollInitialMs: 3_600_000, pollMaxMs: 3_600_000 } });
    const input = onboardingInput({ customer_id: 'signal-race' });
    await store.createOnboarding(input, Date.now());
    runner.wake(input.id);
    const waiting = await waitFor(async () => {
      const row = await store.getOnboarding(input.id);
      return row?.step === 'sender_activation' && row.lease_owner === null ? row : undefined;
    });
    const held = sinch.hold('getSender');
    await store.db.updateTable('onboardings').set({ next_run_at: 0 }).where('id', '=', input.id).execute();
    await held.reached;
    // The callback reaches "another replica": it records the state and bumps the signal, but cannot wake us.
    sinch.activate(waiting.sender_id ?? '');
    await store.signalSender(waiting.sender_id ?? '', 'ACTIVE', Date.now());
    held.release();
    expect(await waitFinished(store, input.id, 3_000)).toMatchObject({ status: 'completed' });
  });

  it('lets another runner take over a crashed one after the lease expires, without duplicates', async () => {
    const sinch = new FakeSinch();
    const held = sinch.hold('createSender');
    const first = run(sinch, { leaseMs: 300 });
    const input = onboardingInput({ customer_id: 'crash' });
    await store.createOnboarding(input, Date.now());
    first.runner.wake(input.id);
    await held.reached;
    // The first runner "dies" with the create in flight: it stops renewing its lease.
    first.runner.halt();
    const second = run(sinch, { leaseMs: 300 });
    const row = await waitFinished(store, input.id);
    held.release();
    await first.runner.stop();
    expect(row.status).toBe('completed');
    expect(sinch.senders.size).toBe(1);
    expect(sinch.count('findSender')).toBeGreaterThanOrEqual(1);
    const final = await store.getOnboarding(input.id);
    expect(final?.sender_id).toBe([...sinch.senders.keys()][0]);
    await second.runner.stop();
  });

  it('two runners complete 40 onboardings with no duplicate at Sinch', async () => {
    const sinch = new FakeSinch();
    sinch.activateAfterGets = 1;
    run(sinch);
    run(sinch);
    const inputs = Array.from({ length: 40 }, (_, index) =>
      onboardingInput({ customer_id: `many-${index % 5}`, waba_id: `${800 + (index % 5)}` }),
    );
    await Promise.all(inputs.map((input) => store.createOnboarding(input, Date.now())));
    const rows = await Promise.all(inputs.map((input) => waitFinished(store, input.id, 20_000)));
    expect(rows.every((row) => row.status === 'completed')).toBe(true);
    expect(sinch.count('createSubproject')).toBe(5);
    expect(sinch.count('createSender')).toBe(40);
    expect(sinch.count('createApp')).toBe(40);
  });
});
