/**
 * Template status changes from Provisioning callbacks (`WHATSAPP_TEMPLATE_*`), stored so that the template
 * list shows them even when Sinch's own list lags behind its callbacks.
 *
 * A callback names no project (the relay registers one webhook URL for every subproject), so the relay keeps
 * one row per template it has seen (created through it or listed), and attributes a callback by the
 * template's `whatsappId`, else by name and language when exactly one subproject has such a template.
 * @module
 */
import type { Kysely, Migration } from 'kysely';

/** The table as Kysely sees it (times in epoch milliseconds, as in the rest of the store). */
export interface TemplateStatusesTable {
  subproject_id: string;
  name: string;
  language: string;
  whatsapp_id: string | null;
  /** The last callback's `type`, e.g. `WHATSAPP_TEMPLATE_APPROVED`. */
  event_type: string | null;
  /** The last callback's `comment` (`*_COMMENT_ADDED`). */
  event_comment: string | null;
  /** JSON of the status fields of the last callback's template. */
  snapshot: string | null;
  event_at: number | null;
  created_at: number;
  updated_at: number;
}

/** The tables this module uses. */
export interface TemplateStatusDatabase {
  template_statuses: TemplateStatusesTable;
}

/**
 * The migration that creates `template_statuses`. Register it in `relay/src/store/migrations.ts` after the
 * existing ones (see `docs/templates.md`).
 */
export const templateStatusesMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('template_statuses')
      .addColumn('subproject_id', 'varchar(128)', (col) => col.notNull())
      .addColumn('name', 'varchar(512)', (col) => col.notNull())
      .addColumn('language', 'varchar(16)', (col) => col.notNull())
      .addColumn('whatsapp_id', 'varchar(64)')
      .addColumn('event_type', 'varchar(64)')
      .addColumn('event_comment', 'text')
      .addColumn('snapshot', 'text')
      .addColumn('event_at', 'bigint')
      .addColumn('created_at', 'bigint', (col) => col.notNull())
      .addColumn('updated_at', 'bigint', (col) => col.notNull())
      .addPrimaryKeyConstraint('template_statuses_pk', ['subproject_id', 'name', 'language'])
      .execute();
    await db.schema
      .createIndex('template_statuses_name')
      .on('template_statuses')
      .columns(['name', 'language'])
      .execute();
    await db.schema
      .createIndex('template_statuses_whatsapp_id')
      .on('template_statuses')
      .column('whatsapp_id')
      .execute();
  },
};

/** The fields of a template that callbacks change. */
const STATUS_FIELDS = ['state', 'changes', 'rejectionCode', 'qualityScore', 'category'] as const;

/** A Provisioning callback as the relay's callback route parsed it. */
export interface ProvisioningCallback {
  type: string;
  payload: unknown;
  comment?: string | undefined;
}

/** What the list shows about the last callback of a template. */
export interface TemplateLastEvent {
  type: string;
  at: string;
  comment?: string;
}

/** A template as Sinch lists it (other fields pass through). */
export type SinchTemplate = { name: string; language: string; whatsappId?: unknown } & Record<
  string,
  unknown
>;

/** True for the callback types this store records. */
export function isTemplateCallback(callback: { type?: unknown }): boolean {
  return typeof callback.type === 'string' && callback.type.startsWith('WHATSAPP_TEMPLATE_');
}

const asRecord = (value: unknown): Record<string, unknown> | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;

const idOf = (value: unknown): string | null =>
  typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : null;

/** Stores and applies template status callbacks. */
export class TemplateStatusStore {
  readonly #db: Kysely<TemplateStatusDatabase>;
  readonly #freshnessMs: number;

  /**
   * @param db the relay's database (the store's Kysely instance), with {@link templateStatusesMigration} applied;
   *   its other tables are not touched.
   * @param options `freshnessMs`: how long a callback overrides a settled state in Sinch's list (default 5 min).
   */
  static on<DB>(db: Kysely<DB>, options: { freshnessMs?: number } = {}): TemplateStatusStore {
    return new TemplateStatusStore(db as unknown as Kysely<TemplateStatusDatabase>, options);
  }

  /** Prefer {@link TemplateStatusStore.on}, which takes the relay's own Kysely instance. */
  constructor(db: Kysely<TemplateStatusDatabase>, options: { freshnessMs?: number } = {}) {
    this.#db = db;
    this.#freshnessMs = options.freshnessMs ?? 5 * 60_000;
  }

  /** Remembers templates of a subproject (after a create or a list), so callbacks can be attributed. */
  async remember(subprojectId: string, templates: readonly SinchTemplate[], now: number): Promise<void> {
    if (templates.length === 0) return;
    const known = await this.#db
      .selectFrom('template_statuses')
      .select(['name', 'language', 'whatsapp_id'])
      .where('subproject_id', '=', subprojectId)
      .execute();
    const byKey = new Map(known.map((row) => [`${row.name}\u0000${row.language}`, row.whatsapp_id]));
    for (const template of templates) {
      const key = `${template.name}\u0000${template.language}`;
      const whatsappId = idOf(template.whatsappId);
      if (!byKey.has(key)) {
        await this.#db
          .insertInto('template_statuses')
          .values({
            subproject_id: subprojectId,
            name: template.name,
            language: template.language,
            whatsapp_id: whatsappId,
            event_type: null,
            event_comment: null,
            snapshot: null,
            event_at: null,
            created_at: now,
            updated_at: now,
          })
          .onConflict((oc) => oc.columns(['subproject_id', 'name', 'language']).doNothing())
          .execute();
        byKey.set(key, whatsappId);
      } else if (whatsappId !== null && byKey.get(key) !== whatsappId) {
        await this.#db
          .updateTable('template_statuses')
          .set({ whatsapp_id: whatsappId, updated_at: now })
          .where('subproject_id', '=', subprojectId)
          .where('name', '=', template.name)
          .where('language', '=', template.language)
          .execute();
      }
    }
  }

  /**
   * Records a verified `WHATSAPP_TEMPLATE_*` callback. Other types, payloads without a name and language, and
   * templates the relay cannot attribute to exactly one subproject change nothing.
   * @returns the subproject the callback was attributed to, or `undefined`.
   */
  async recordCallback(
    callback: ProvisioningCallback,
    now: number = Date.now(),
  ): Promise<string | undefined> {
    if (!isTemplateCallback(callback)) return undefined;
    const payload = asRecord(callback.payload);
    const name = payload?.name;
    const language = payload?.language;
    if (!payload || typeof name !== 'string' || typeof language !== 'string') return undefined;
    const whatsappId = idOf(payload.whatsappId);
    const candidates = await this.#db
      .selectFrom('template_statuses')
      .select(['subproject_id', 'whatsapp_id'])
      .where('name', '=', name)
      .where('language', '=', language)
      .execute();
    // The Meta template ID is exact; name+language is unique only within one WABA.
    const exact = whatsappId === null ? [] : candidates.filter((row) => row.whatsapp_id === whatsappId);
    const open = candidates.filter((row) => row.whatsapp_id === null || row.whatsapp_id === whatsappId);
    const target = exact.length === 1 ? exact[0] : open.length === 1 ? open[0] : undefined;
    if (!target) return undefined;
    const snapshot = Object.fromEntries(
      STATUS_FIELDS.filter((field) => payload[field] !== undefined).map((field) => [field, payload[field]]),
    );
    await this.#db
      .updateTable('template_statuses')
      .set({
        ...(whatsappId === null ? {} : { whatsapp_id: whatsappId }),
        event_type: callback.type,
        event_comment: typeof callback.comment === 'string' ? callback.comment.slice(0, 4000) : null,
        snapshot: JSON.stringify(snapshot),
        event_at: now,
        updated_at: now,
      })
      .where('subproject_id', '=', target.subproject_id)
      .where('name', '=', name)
      .where('language', '=', language)
      // A late retry of an older delivery must not undo a newer one.
      .where((eb) => eb.or([eb('event_at', 'is', null), eb('event_at', '<=', now)]))
      .execute();
    return target.subproject_id;
  }

  /**
   * Sinch's templates of one subproject with the stored callbacks applied. A callback overrides Sinch's status
   * fields while Sinch still shows the template as pending (no `state`, or `changes.status` `IN_PROGRESS`),
   * or when it arrived within the freshness window; every template with a callback gets `lastEvent`.
   */
  async apply<T extends SinchTemplate>(
    subprojectId: string,
    templates: readonly T[],
    now: number = Date.now(),
  ): Promise<(T & { lastEvent?: TemplateLastEvent })[]> {
    const rows = await this.#db
      .selectFrom('template_statuses')
      .selectAll()
      .where('subproject_id', '=', subprojectId)
      .where('event_at', 'is not', null)
      .execute();
    if (rows.length === 0) return [...templates];
    const byKey = new Map(rows.map((row) => [`${row.name}\u0000${row.language}`, row]));
    return templates.map((template) => {
      const row = byKey.get(`${template.name}\u0000${template.language}`);
      if (!row || row.event_at === null || row.event_type === null) return template;
      const lastEvent: TemplateLastEvent = {
        type: row.event_type,
        at: new Date(Number(row.event_at)).toISOString(),
        ...(row.event_comment ? { comment: row.event_comment } : {}),
      };
      const changes = asRecord(template.changes);
      const pending = template.state === undefined || changes?.status === 'IN_PROGRESS';
      const fresh = now - Number(row.event_at) < this.#freshnessMs;
      if (!pending && !fresh) return { ...template, lastEvent };
      let snapshot: Record<string, unknown> = {};
      try {
        snapshot = asRecord(JSON.parse(row.snapshot ?? '{}')) ?? {};
      } catch {
        // A row written by a future version: show Sinch's answer as it is.
      }
      const merged: Record<string, unknown> = { ...template };
      for (const field of STATUS_FIELDS) {
        if (snapshot[field] !== undefined) merged[field] = snapshot[field];
        // A settled template carries no pending `changes`.
        else if (field === 'changes' && snapshot.state !== undefined) delete merged.changes;
      }
      return { ...(merged as T), lastEvent };
    });
  }
}
