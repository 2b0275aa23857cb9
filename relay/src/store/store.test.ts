import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, type TestDatabase } from '../test-support/databases.js';
import { decodeCursor, type NewOnboarding, openStore, type Store } from './index.js';
import { toOnboarding } from './resource.js';

let counter = 0;
function newOnboarding(overrides: Partial<NewOnboarding> = {}): NewOnboarding {
  counter += 1;
  return {
    id: `onb-${counter}-${Math.random().toString(36).slice(2)}`,
    customer_id: 'customer-a',
    waba_id: '1000',
    phone_number_id: `2000${counter}`,
    region: 'EU',
    meta_local_storage: 'DE',
    business_id: null,
    finish_event: null,
    display_name: 'Customer A',
    labels: '{}',
    ...overrides,
  };
}

describe.each(databaseKinds)('store on $name', (kind) => {
  let database: TestDatabase;
  let store: Store;

  beforeAll(async () => {
    database = await kind.create();
    store = await openStore(database.url);
  });
  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });

  it('migrates once and answers pings', async () => {
    expect(await store.migrate()).toEqual([]);
    await expect(store.ping()).resolves.toBeUndefined();
  });

  it('creates an onboarding and maps it to the CONTRACT resource', async () => {
    const input = newOnboarding();
    const outcome = await store.createOnboarding(input, 1_700_000_000_000);
    expect(outcome.kind).toBe('created');
    const row = await store.getOnboarding(input.id);
    expect(row && toOnboarding(row)).toMatchObject({
      id: input.id,
      customerId: 'customer-a',
      status: 'in_progress',
      step: 'subproject',
      region: 'EU',
      metaLocalStorage: 'DE',
      subprojectId: null,
      error: null,
      createdAt: '2023-11-14T22:13:20.000Z',
    });
  });

  it('returns the existing onboarding for the same customer and phone number', async () => {
    const first = newOnboarding();
    await store.createOnboarding(first, Date.now());
    const again = await store.createOnboarding(
      { ...newOnboarding(), phone_number_id: first.phone_number_id },
      1,
    );
    expect(again).toMatchObject({ kind: 'existing', row: { id: first.id } });
    const otherCustomer = await store.createOnboarding(
      { ...newOnboarding({ customer_id: 'customer-b' }), phone_number_id: first.phone_number_id },
      1,
    );
    expect(otherCustomer.kind).toBe('created');
  });

  it('scopes idempotency keys to the customer and compares the body', async () => {
    const first = newOnboarding();
    expect((await store.createOnboarding(first, 1, 'key-1')).kind).toBe('created');
    const replay = await store.createOnboarding({ ...first, id: 'other-id' }, 2, 'key-1');
    expect(replay).toMatchObject({ kind: 'existing', row: { id: first.id } });
    const otherBody = await store.createOnboarding({ ...first, id: 'x', region: 'US' }, 3, 'key-1');
    expect(otherBody.kind).toBe('key_conflict');
    const otherCustomer = await store.createOnboarding(
      newOnboarding({ customer_id: 'customer-c' }),
      4,
      'key-1',
    );
    expect(otherCustomer.kind).toBe('created');
  });

  it('creates exactly one onboarding from 20 concurrent duplicates', async () => {
    const base = newOnboarding();
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        store.createOnboarding(
          { ...base, id: `${base.id}-${index}` },
          Date.now(),
          index % 2 ? 'dup-key' : undefined,
        ),
      ),
    );
    expect(outcomes.filter((outcome) => outcome.kind === 'created')).toHaveLength(1);
    const ids = new Set(
      outcomes.map((outcome) => (outcome.kind === 'key_conflict' ? 'conflict' : outcome.row.id)),
    );
    expect(ids.size).toBe(1);
  });

  it('leases due work to one owner at a time and lets another take it after expiry', async () => {
    const input = newOnboarding({ customer_id: 'lease-customer' });
    await store.createOnboarding(input, 1_000);
    const now = 10_000;
    const [a, b] = await Promise.all([
      store.claimDue('owner-a', now, 5_000, 1_000),
      store.claimDue('owner-b', now, 5_000, 1_000),
    ]);
    const holders = [a, b].filter((rows) => rows.some((row) => row.id === input.id));
    expect(holders).toHaveLength(1);
    const winner = a.some((row) => row.id === input.id) ? 'owner-a' : 'owner-b';
    const loser = winner === 'owner-a' ? 'owner-b' : 'owner-a';

    expect(await store.updateLeased(input.id, loser, { step: 'sender' }, now)).toBeUndefined();
    const updated = await store.updateLeased(input.id, winner, { step: 'sender' }, now);
    expect(updated).toMatchObject({ step: 'sender', version: 2 });

    expect(await store.claimOne(input.id, loser, now + 1_000, 5_000)).toBeUndefined();
    expect(await store.claimOne(input.id, loser, now + 6_000, 5_000)).toMatchObject({ lease_owner: loser });
    expect(await store.updateLeased(input.id, winner, { step: 'app' }, now)).toBeUndefined();
  });

  it('makes a signalled onboarding due at once when its lease is released', async () => {
    const input = newOnboarding({ customer_id: 'signal-customer' });
    await store.createOnboarding(input, 1_000);
    const claimed = await store.claimOne(input.id, 'owner', 2_000, 60_000);
    if (!claimed) throw new Error('not claimed');
    await store.updateLeased(input.id, 'owner', { sender_id: 'sender-1', step: 'sender_activation' }, 2_000);
    expect(await store.signalSender('sender-1', 'ACTIVE', 3_000)).toEqual([input.id]);
    expect(await store.signalSender('unknown-sender', 'ACTIVE', 3_000)).toEqual([]);
    expect(await store.releaseLease(input.id, 'owner', 99_000, claimed.signal, 4_000)).toBe(4_000);
    const row = await store.getOnboarding(input.id);
    expect(row).toMatchObject({ sender_state: 'ACTIVE', lease_owner: null });
    if (!row) return;
    await store.claimOne(input.id, 'owner', 5_000, 60_000);
    expect(await store.releaseLease(input.id, 'owner', 99_000, row.signal, 5_000)).toBe(99_000);
  });

  it('retries only failed onboardings', async () => {
    const input = newOnboarding({ customer_id: 'retry-customer' });
    await store.createOnboarding(input, 1_000);
    expect(await store.retryFailed(input.id, 2_000)).toBeUndefined();
    await store.claimOne(input.id, 'o', 2_000, 1_000);
    await store.updateLeased(
      input.id,
      'o',
      {
        status: 'failed',
        error_code: 'waba_id_used',
        error_message: 'x',
        error_retryable: 0,
        error_step: 'sender',
      },
      2_000,
    );
    const retried = await store.retryFailed(input.id, 3_000);
    expect(retried).toMatchObject({ status: 'in_progress', error_code: null, next_run_at: 3_000 });
  });

  it('lets one claimant create a (customer, WABA) subproject and the rest reuse it', async () => {
    const claimants = Array.from({ length: 10 }, () =>
      newOnboarding({ customer_id: 'sub-customer', waba_id: '42' }),
    );
    for (const claimant of claimants) await store.createOnboarding(claimant, 1_000);
    // Every claimant is running (leased) while it claims.
    for (const claimant of claimants) await store.claimOne(claimant.id, 'runner', 1_000, 4_000);
    const claims = await Promise.all(
      claimants.map((claimant) => store.claimSubproject('sub-customer', '42', claimant.id, 1_000, 5_000)),
    );
    expect(claims.filter((claim) => claim.claimed)).toHaveLength(1);
    const holder = claims.find((claim) => claim.claimed)?.row.claimed_by ?? '';
    const other = claimants.find((claimant) => claimant.id !== holder)?.id ?? '';
    expect(await store.markSubprojectCreateStarted('sub-customer', '42', other, 1_000)).toBe(false);
    expect(await store.markSubprojectCreateStarted('sub-customer', '42', holder, 1_000)).toBe(true);
    // While the holder's lease lives (a slow create), nobody takes over; once it lapses (a crash), one may.
    expect((await store.claimSubproject('sub-customer', '42', other, 3_000, 7_000)).claimed).toBe(false);
    await store.renewLeases([holder], 'runner', 20_000);
    expect((await store.claimSubproject('sub-customer', '42', other, 10_000, 14_000)).claimed).toBe(false);
    const takeover = await store.claimSubproject('sub-customer', '42', other, 21_000, 25_000);
    expect(takeover).toMatchObject({ claimed: true, row: { create_started: 1, claimed_by: other } });
    await store.setSubprojectId('sub-customer', '42', 'SUBPROJECT1', 21_500);
    const reuse = await store.claimSubproject('sub-customer', '42', holder, 22_000, 26_000);
    expect(reuse).toMatchObject({ claimed: false, row: { subproject_id: 'SUBPROJECT1' } });
    expect(await store.listSubprojects('sub-customer')).toHaveLength(1);
  });

  it('queues a webhook delivery with the final state and leases it to one deliverer', async () => {
    const input = newOnboarding({ customer_id: 'outbox-customer' });
    await store.createOnboarding(input, 1_000);
    await store.claimOne(input.id, 'owner', 1_000, 60_000);
    expect(
      await store.updateLeasedAndNotify(input.id, 'intruder', { status: 'completed' }, 2_000, () => 'x'),
    ).toBe(undefined);
    const row = await store.updateLeasedAndNotify(
      input.id,
      'owner',
      { status: 'completed', step: 'done' },
      2_000,
      (r) => JSON.stringify({ id: r.id, status: r.status }),
    );
    expect(row?.status).toBe('completed');
    const [a, b] = await Promise.all([
      store.claimNotifications('deliverer-a', 3_000, 10_000, 10),
      store.claimNotifications('deliverer-b', 3_000, 10_000, 10),
    ]);
    const mine = [...a, ...b].filter((notification) => notification.onboarding_id === input.id);
    expect(mine).toHaveLength(1);
    const [notification] = mine;
    if (!notification) return;
    expect(JSON.parse(notification.body)).toEqual({ id: input.id, status: 'completed' });
    const holder = notification.lease_owner ?? '';
    await store.rescheduleNotification(notification.id, holder, 1, 5_000);
    expect(
      (await store.claimNotifications('x', 4_000, 10_000, 10)).some((n) => n.id === notification.id),
    ).toBe(false);
    const again = await store.claimNotifications('x', 5_000, 10_000, 10);
    expect(again.find((n) => n.id === notification.id)?.attempts).toBe(1);
    await store.deleteNotification(notification.id, 'x');
    expect(
      (await store.claimNotifications('y', 99_000, 10_000, 10)).some((n) => n.id === notification.id),
    ).toBe(false);
  });

  it('refuses a replayed nonce and purges expired ones', async () => {
    expect(await store.rememberNonce('n-1', 5_000)).toBe(true);
    expect(await store.rememberNonce('n-1', 5_000)).toBe(false);
    expect(await store.purgeNonces(6_000)).toBeGreaterThanOrEqual(1);
    expect(await store.rememberNonce('n-1', 9_000)).toBe(true);
  });

  it('pages the admin list newest first and counts by status', async () => {
    for (let index = 0; index < 5; index += 1) {
      await store.createOnboarding(newOnboarding({ customer_id: 'list-customer' }), 50_000 + index);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await store.listOnboardings({
        customerId: 'list-customer',
        limit: 2,
        cursor: cursor ? decodeCursor(cursor) : undefined,
      });
      seen.push(...page.rows.map((row) => String(row.created_at)));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['50004', '50003', '50002', '50001', '50000']);
    expect(decodeCursor('garbage')).toBeUndefined();
    const counts = await store.countByStatus();
    expect(counts.in_progress).toBeGreaterThan(5);
  });
});
