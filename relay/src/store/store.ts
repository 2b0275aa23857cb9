/**
 * Every query the relay makes, over one Kysely instance that is either SQLite or
 * Postgres. Writes that decide ownership (leases, subproject claims, idempotency)
 * are single conditional statements or short transactions, so they hold on both
 * dialects and across replicas.
 * @module
 */
import { createHash } from 'node:crypto';
import { IDEMPOTENCY_FIELDS, type OnboardingStatus } from '@whatsapp-signup/shared';
import {
  type Expression,
  type ExpressionBuilder,
  type Kysely,
  type Migration,
  type SqlBool,
  sql,
  type Transaction,
} from 'kysely';
import type { DatabaseHandle, Dialect } from './database.js';
import { migrateToLatest } from './migrations.js';
import type { CustomerSubprojectRow, Database, OnboardingNotificationRow, OnboardingRow } from './schema.js';

/** The request fields a new onboarding starts from. */
export type NewOnboarding = Pick<
  OnboardingRow,
  | 'id'
  | 'customer_id'
  | 'waba_id'
  | 'phone_number_id'
  | 'region'
  | 'meta_local_storage'
  | 'business_id'
  | 'finish_event'
  | 'display_name'
  | 'labels'
>;

/** What `createOnboarding` did. */
export type CreateOutcome =
  | { kind: 'created'; row: OnboardingRow }
  | { kind: 'existing'; row: OnboardingRow }
  | { kind: 'key_conflict' };

/** Columns the workflow may change under its lease. */
export type OnboardingPatch = Partial<
  Omit<OnboardingRow, 'id' | 'customer_id' | 'created_at' | 'version' | 'lease_owner' | 'lease_until'>
>;

/** A page of the admin list. */
export interface OnboardingPage {
  rows: OnboardingRow[];
  nextCursor: string | null;
}

/** The "same body" fingerprint of an `Idempotency-Key` (CONTRACT section 6). */
export function idempotencyFingerprint(body: Record<(typeof IDEMPOTENCY_FIELDS)[number], string>): string {
  const canonical = JSON.stringify(IDEMPOTENCY_FIELDS.map((field) => body[field]));
  return createHash('sha256').update(canonical).digest('hex');
}

function leaseFree(now: number) {
  return (eb: ExpressionBuilder<Database, 'onboardings'>): Expression<SqlBool> =>
    eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]);
}

function changedRows(result: { numInsertedOrUpdatedRows?: bigint; numUpdatedRows?: bigint }): number {
  return Number(result.numInsertedOrUpdatedRows ?? result.numUpdatedRows ?? 0n);
}

function encodeCursor(row: Pick<OnboardingRow, 'created_at' | 'id'>): string {
  return Buffer.from(JSON.stringify([row.created_at, row.id])).toString('base64url');
}

/** Decodes an admin-list cursor; `undefined` when it is not one of ours. */
export function decodeCursor(cursor: string): { createdAt: number; id: string } | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && typeof value[0] === 'number' && typeof value[1] === 'string') {
      return { createdAt: value[0], id: value[1] };
    }
  } catch {
    // Not base64url JSON: fall through.
  }
  return undefined;
}

/** The relay's persistence. */
export class Store {
  readonly db: Kysely<Database>;
  readonly dialect: Dialect;
  readonly #handle: DatabaseHandle;

  constructor(handle: DatabaseHandle) {
    this.#handle = handle;
    this.db = handle.db;
    this.dialect = handle.dialect;
  }

  /** Applies pending migrations (the relay's own, plus `extra` ones of features that own tables). */
  migrate(extra: Record<string, Migration> = {}): Promise<string[]> {
    return migrateToLatest(this.db as unknown as Kysely<unknown>, extra);
  }

  /** Closes the database. */
  close(): Promise<void> {
    return this.#handle.close();
  }

  /** Throws when the database does not answer (readiness). */
  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }

  // ---- onboardings -------------------------------------------------------------------------

  /**
   * Starts an onboarding, or finds the one it duplicates: the same customer's
   * onboarding for this phone number, or the one this `Idempotency-Key` created.
   * A key that comes back with a different body is a `key_conflict`.
   */
  async createOnboarding(input: NewOnboarding, now: number, idempotencyKey?: string): Promise<CreateOutcome> {
    const fingerprint = idempotencyFingerprint({
      wabaId: input.waba_id,
      phoneNumberId: input.phone_number_id,
      region: input.region,
      metaLocalStorage: input.meta_local_storage,
    });
    return this.db.transaction().execute(async (trx) => {
      if (idempotencyKey !== undefined) {
        const keyInsert = await trx
          .insertInto('idempotency_keys')
          .values({
            customer_id: input.customer_id,
            idempotency_key: idempotencyKey,
            fingerprint,
            onboarding_id: input.id,
            created_at: now,
          })
          .onConflict((oc) => oc.columns(['customer_id', 'idempotency_key']).doNothing())
          .executeTakeFirst();
        if (changedRows(keyInsert) === 0) {
          const known = await trx
            .selectFrom('idempotency_keys')
            .selectAll()
            .where('customer_id', '=', input.customer_id)
            .where('idempotency_key', '=', idempotencyKey)
            .executeTakeFirstOrThrow();
          if (known.fingerprint !== fingerprint) return { kind: 'key_conflict' };
          const row = await trx
            .selectFrom('onboardings')
            .selectAll()
            .where('id', '=', known.onboarding_id)
            .executeTakeFirst();
          if (row) return { kind: 'existing', row };
        }
      }
      const row: OnboardingRow = {
        ...input,
        status: 'in_progress',
        step: 'subproject',
        subproject_id: null,
        sender_id: null,
        sender_state: null,
        app_id: null,
        app_region: null,
        error_code: null,
        error_message: null,
        error_retryable: null,
        error_step: null,
        call_started: null,
        attempts: 0,
        failing_since: null,
        step_started_at: now,
        next_run_at: now,
        lease_owner: null,
        lease_until: null,
        signal: 0,
        version: 1,
        created_at: now,
        updated_at: now,
      };
      const inserted = await trx
        .insertInto('onboardings')
        .values(row)
        .onConflict((oc) => oc.columns(['customer_id', 'phone_number_id']).doNothing())
        .executeTakeFirst();
      if (changedRows(inserted) === 1) return { kind: 'created', row };
      const existing = await trx
        .selectFrom('onboardings')
        .selectAll()
        .where('customer_id', '=', input.customer_id)
        .where('phone_number_id', '=', input.phone_number_id)
        .executeTakeFirstOrThrow();
      if (idempotencyKey !== undefined) {
        await trx
          .updateTable('idempotency_keys')
          .set({ onboarding_id: existing.id })
          .where('customer_id', '=', input.customer_id)
          .where('idempotency_key', '=', idempotencyKey)
          .execute();
      }
      return { kind: 'existing', row: existing };
    });
  }

  /** One onboarding by ID. */
  getOnboarding(id: string): Promise<OnboardingRow | undefined> {
    return this.db.selectFrom('onboardings').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** The admin list, newest first, keyset-paginated. */
  async listOnboardings(query: {
    customerId?: string;
    status?: OnboardingStatus;
    limit: number;
    cursor?: { createdAt: number; id: string };
  }): Promise<OnboardingPage> {
    let select = this.db.selectFrom('onboardings').selectAll();
    if (query.customerId !== undefined) select = select.where('customer_id', '=', query.customerId);
    if (query.status !== undefined) select = select.where('status', '=', query.status);
    const cursor = query.cursor;
    if (cursor) {
      select = select.where((eb) =>
        eb.or([
          eb('created_at', '<', cursor.createdAt),
          eb.and([eb('created_at', '=', cursor.createdAt), eb('id', '<', cursor.id)]),
        ]),
      );
    }
    const rows = await select
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(query.limit + 1)
      .execute();
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return { rows: page, nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null };
  }

  /** Onboardings per status (metrics). */
  async countByStatus(): Promise<Record<string, number>> {
    const rows = await this.db
      .selectFrom('onboardings')
      .select(['status', (eb) => eb.fn.countAll<number | string>().as('count')])
      .groupBy('status')
      .execute();
    return Object.fromEntries(rows.map((row) => [row.status, Number(row.count)]));
  }

  /**
   * Leases up to `limit` due onboardings to `owner`. The lease condition is
   * repeated in the outer `UPDATE`, so when two replicas pick the same row the
   * second one's update finds the lease taken (Postgres re-checks the condition
   * after the row lock; SQLite runs writers one at a time) and skips it.
   */
  claimDue(owner: string, now: number, leaseMs: number, limit: number): Promise<OnboardingRow[]> {
    return this.db
      .updateTable('onboardings')
      .set({ lease_owner: owner, lease_until: now + leaseMs })
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('onboardings')
          .select('id')
          .where('status', '=', 'in_progress')
          .where('next_run_at', '<=', now)
          .where(leaseFree(now))
          .orderBy('next_run_at')
          .limit(limit),
      )
      .where('status', '=', 'in_progress')
      .where(leaseFree(now))
      .returningAll()
      .execute();
  }

  /** Leases one onboarding to `owner` now, whatever its `next_run_at` (an in-process wake-up). */
  claimOne(id: string, owner: string, now: number, leaseMs: number): Promise<OnboardingRow | undefined> {
    return this.db
      .updateTable('onboardings')
      .set({ lease_owner: owner, lease_until: now + leaseMs })
      .where('id', '=', id)
      .where('status', '=', 'in_progress')
      .where((eb) => eb.or([leaseFree(now)(eb), eb('lease_owner', '=', owner)]))
      .returningAll()
      .executeTakeFirst();
  }

  /** Extends `owner`'s leases; returns the IDs it still holds. */
  async renewLeases(ids: readonly string[], owner: string, until: number): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await this.db
      .updateTable('onboardings')
      .set({ lease_until: until })
      .where('id', 'in', [...ids])
      .where('lease_owner', '=', owner)
      .returning('id')
      .execute();
    return rows.map((row) => row.id);
  }

  /**
   * Applies a workflow change, fenced by the lease: nothing happens (and
   * `undefined` comes back) when `owner` no longer holds it.
   */
  updateLeased(
    id: string,
    owner: string,
    patch: OnboardingPatch,
    now: number,
  ): Promise<OnboardingRow | undefined> {
    return this.db
      .updateTable('onboardings')
      .set((eb) => ({ ...patch, version: eb('version', '+', 1), updated_at: now }))
      .where('id', '=', id)
      .where('lease_owner', '=', owner)
      .returningAll()
      .executeTakeFirst();
  }

  /**
   * Like {@link updateLeased}, and in the same transaction queues an onboarding webhook delivery of the
   * updated row (`body(row)`), so a finished onboarding is never recorded without its notification.
   */
  updateLeasedAndNotify(
    id: string,
    owner: string,
    patch: OnboardingPatch,
    now: number,
    body: (row: OnboardingRow) => string,
  ): Promise<OnboardingRow | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('onboardings')
        .set((eb) => ({ ...patch, version: eb('version', '+', 1), updated_at: now }))
        .where('id', '=', id)
        .where('lease_owner', '=', owner)
        .returningAll()
        .executeTakeFirst();
      if (!row) return undefined;
      await trx
        .insertInto('onboarding_notifications')
        .values({
          id: `${row.id}:${row.version}`,
          onboarding_id: row.id,
          body: body(row),
          attempts: 0,
          next_attempt_at: now,
          lease_owner: null,
          lease_until: null,
          created_at: now,
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
      return row;
    });
  }

  /** Leases up to `limit` due webhook deliveries to `owner` (same pattern as {@link claimDue}). */
  claimNotifications(
    owner: string,
    now: number,
    leaseMs: number,
    limit: number,
  ): Promise<OnboardingNotificationRow[]> {
    const free = (eb: ExpressionBuilder<Database, 'onboarding_notifications'>) =>
      eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]);
    return this.db
      .updateTable('onboarding_notifications')
      .set({ lease_owner: owner, lease_until: now + leaseMs })
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('onboarding_notifications')
          .select('id')
          .where('next_attempt_at', '<=', now)
          .where(free)
          .orderBy('next_attempt_at')
          .limit(limit),
      )
      .where(free)
      .returningAll()
      .execute();
  }

  /** Forgets a delivered (or abandoned) notification. */
  async deleteNotification(id: string, owner: string): Promise<void> {
    await this.db
      .deleteFrom('onboarding_notifications')
      .where('id', '=', id)
      .where('lease_owner', '=', owner)
      .execute();
  }

  /** Schedules the next attempt of a failed delivery and releases it. */
  async rescheduleNotification(
    id: string,
    owner: string,
    attempts: number,
    nextAttemptAt: number,
  ): Promise<void> {
    await this.db
      .updateTable('onboarding_notifications')
      .set({ attempts, next_attempt_at: nextAttemptAt, lease_owner: null, lease_until: null })
      .where('id', '=', id)
      .where('lease_owner', '=', owner)
      .execute();
  }

  /**
   * Gives the lease back. When a callback or retry signalled the onboarding
   * since `seenSignal`, it becomes due at once instead of at `nextRunAt`.
   * @returns the `next_run_at` written, or `undefined` when the lease was lost.
   */
  async releaseLease(
    id: string,
    owner: string,
    nextRunAt: number,
    seenSignal: number,
    now: number,
  ): Promise<number | undefined> {
    const row = await this.db
      .updateTable('onboardings')
      .set({
        lease_owner: null,
        lease_until: null,
        // Casts: Postgres cannot infer the type of bare parameters inside CASE.
        next_run_at: sql<number>`case when signal <> cast(${seenSignal} as integer) then cast(${now} as bigint) else cast(${nextRunAt} as bigint) end`,
      })
      .where('id', '=', id)
      .where('lease_owner', '=', owner)
      .returning('next_run_at')
      .executeTakeFirst();
    return row?.next_run_at;
  }

  /**
   * Records what a verified Provisioning callback says about a sender and makes
   * its onboarding due now. Returns the IDs of the onboardings it touched
   * (none for an unknown sender).
   */
  async signalSender(senderId: string, senderState: string | null, now: number): Promise<string[]> {
    const rows = await this.db
      .updateTable('onboardings')
      .set((eb) => ({
        ...(senderState === null ? {} : { sender_state: senderState }),
        signal: eb('signal', '+', 1),
        next_run_at: now,
        version: eb('version', '+', 1),
        updated_at: now,
      }))
      .where('sender_id', '=', senderId)
      .where('status', '=', 'in_progress')
      .returning('id')
      .execute();
    return rows.map((row) => row.id);
  }

  /** Sender IDs recorded by the other onboardings of a subproject (they are not `exceptOnboardingId`'s). */
  async senderIdsInSubproject(subprojectId: string, exceptOnboardingId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('onboardings')
      .select('sender_id')
      .where('subproject_id', '=', subprojectId)
      .where('id', '<>', exceptOnboardingId)
      .where('sender_id', 'is not', null)
      .execute();
    return rows.flatMap((row) => (row.sender_id === null ? [] : [row.sender_id]));
  }

  /** Puts a `failed` onboarding back to `in_progress` at its failed step; `undefined` when it was not failed. */
  retryFailed(id: string, now: number): Promise<OnboardingRow | undefined> {
    return this.db
      .updateTable('onboardings')
      .set((eb) => ({
        status: 'in_progress',
        error_code: null,
        error_message: null,
        error_retryable: null,
        error_step: null,
        attempts: 0,
        failing_since: null,
        step_started_at: now,
        next_run_at: now,
        signal: eb('signal', '+', 1),
        version: eb('version', '+', 1),
        updated_at: now,
      }))
      .where('id', '=', id)
      .where('status', '=', 'failed')
      .returningAll()
      .executeTakeFirst();
  }

  // ---- customer subprojects ----------------------------------------------------------------

  /** The (customer, WABA) subproject row, if any. */
  getSubproject(customerId: string, wabaId: string): Promise<CustomerSubprojectRow | undefined> {
    return this.db
      .selectFrom('customer_subprojects')
      .selectAll()
      .where('customer_id', '=', customerId)
      .where('waba_id', '=', wabaId)
      .executeTakeFirst();
  }

  /**
   * Claims the right to create the (customer, WABA) subproject for onboarding `claimant`. The row's primary
   * key makes the first claim unique. A claim can be taken over only when its holder is not running: the
   * claimant onboarding holds no live lease (the runner renews leases while a step's Sinch call is in flight,
   * so a slow create keeps its claim; a crashed or failed claimant loses it). Whoever takes over finds a
   * started create by its labels before creating. `until` is recorded for diagnostics.
   * @returns the row and whether `claimant` holds the claim (false also when the subproject exists).
   */
  async claimSubproject(
    customerId: string,
    wabaId: string,
    claimant: string,
    now: number,
    until: number,
  ): Promise<{ row: CustomerSubprojectRow; claimed: boolean }> {
    await this.db
      .insertInto('customer_subprojects')
      .values({
        customer_id: customerId,
        waba_id: wabaId,
        subproject_id: null,
        claimed_by: null,
        claim_until: null,
        create_started: 0,
        webhook_registered: 0,
        ready_at: null,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.columns(['customer_id', 'waba_id']).doNothing())
      .execute();
    const claimed = await this.db
      .updateTable('customer_subprojects')
      .set({ claimed_by: claimant, claim_until: until, updated_at: now })
      .where('customer_id', '=', customerId)
      .where('waba_id', '=', wabaId)
      .where('subproject_id', 'is', null)
      .where((eb) =>
        eb.or([
          eb('claimed_by', 'is', null),
          eb('claimed_by', '=', claimant),
          eb.not(
            eb.exists(
              eb
                .selectFrom('onboardings')
                .select('onboardings.id')
                .whereRef('onboardings.id', '=', 'customer_subprojects.claimed_by')
                .where('onboardings.lease_until', '>=', now),
            ),
          ),
        ]),
      )
      .returningAll()
      .executeTakeFirst();
    if (claimed) return { row: claimed, claimed: true };
    const row = await this.getSubproject(customerId, wabaId);
    if (!row) throw new Error('customer_subprojects row vanished');
    return { row, claimed: false };
  }

  /** Marks that the claimant is about to send the create call (whoever continues must look it up first). */
  async markSubprojectCreateStarted(
    customerId: string,
    wabaId: string,
    claimant: string,
    now: number,
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('customer_subprojects')
      .set({ create_started: 1, updated_at: now })
      .where('customer_id', '=', customerId)
      .where('waba_id', '=', wabaId)
      .where('claimed_by', '=', claimant)
      .executeTakeFirst();
    return changedRows(result) === 1;
  }

  /** Records the subproject's ID (created or found) and releases the claim. */
  async setSubprojectId(
    customerId: string,
    wabaId: string,
    subprojectId: string,
    now: number,
  ): Promise<void> {
    await this.db
      .updateTable('customer_subprojects')
      .set({
        subproject_id: subprojectId,
        ready_at: now,
        claimed_by: null,
        claim_until: null,
        updated_at: now,
      })
      .where('customer_id', '=', customerId)
      .where('waba_id', '=', wabaId)
      .where('subproject_id', 'is', null)
      .execute();
  }

  /** Records that the Provisioning webhook exists on the subproject. */
  async markWebhookRegistered(customerId: string, wabaId: string, now: number): Promise<void> {
    await this.db
      .updateTable('customer_subprojects')
      .set({ webhook_registered: 1, updated_at: now })
      .where('customer_id', '=', customerId)
      .where('waba_id', '=', wabaId)
      .execute();
  }

  /** Every subproject of a customer (templates, admin). */
  listSubprojects(customerId: string): Promise<CustomerSubprojectRow[]> {
    return this.db
      .selectFrom('customer_subprojects')
      .selectAll()
      .where('customer_id', '=', customerId)
      .where('subproject_id', 'is not', null)
      .orderBy('created_at')
      .execute();
  }

  // ---- callback nonces ---------------------------------------------------------------------

  /** Remembers a callback nonce; false when it was seen before (a replay). */
  async rememberNonce(nonce: string, expiresAt: number): Promise<boolean> {
    const result = await this.db
      .insertInto('callback_nonces')
      .values({ nonce, expires_at: expiresAt })
      .onConflict((oc) => oc.column('nonce').doNothing())
      .executeTakeFirst();
    return changedRows(result) === 1;
  }

  /** Forgets nonces whose timestamps are out of the accepted window anyway. */
  async purgeNonces(now: number): Promise<number> {
    const result = await this.db
      .deleteFrom('callback_nonces')
      .where('expires_at', '<', now)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** Runs `work` in one transaction. */
  transaction<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(work);
  }
}
