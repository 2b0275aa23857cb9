/**
 * Versioned schema migrations, kept in code so the built relay needs no files
 * beside `dist/`. Applied at start by Kysely's `Migrator`, which takes a lock so
 * that replicas starting together migrate once. Never edit a released migration:
 * add the next one.
 * @module
 */
import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';

const migrations: Record<string, Migration> = {
  '0001_initial': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('onboardings')
        .addColumn('id', 'varchar(64)', (col) => col.primaryKey())
        .addColumn('customer_id', 'varchar(255)', (col) => col.notNull())
        .addColumn('waba_id', 'varchar(64)', (col) => col.notNull())
        .addColumn('phone_number_id', 'varchar(64)', (col) => col.notNull())
        .addColumn('region', 'varchar(8)', (col) => col.notNull())
        .addColumn('meta_local_storage', 'varchar(8)', (col) => col.notNull())
        .addColumn('business_id', 'varchar(64)')
        .addColumn('finish_event', 'varchar(64)')
        .addColumn('display_name', 'varchar(255)', (col) => col.notNull())
        .addColumn('labels', 'text', (col) => col.notNull())
        .addColumn('status', 'varchar(16)', (col) => col.notNull())
        .addColumn('step', 'varchar(32)', (col) => col.notNull())
        .addColumn('subproject_id', 'varchar(128)')
        .addColumn('sender_id', 'varchar(128)')
        .addColumn('sender_state', 'varchar(64)')
        .addColumn('app_id', 'varchar(128)')
        .addColumn('app_region', 'varchar(8)')
        .addColumn('error_code', 'varchar(128)')
        .addColumn('error_message', 'text')
        .addColumn('error_retryable', 'integer')
        .addColumn('error_step', 'varchar(32)')
        .addColumn('call_started', 'varchar(32)')
        .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
        .addColumn('failing_since', 'bigint')
        .addColumn('step_started_at', 'bigint', (col) => col.notNull())
        .addColumn('next_run_at', 'bigint', (col) => col.notNull())
        .addColumn('lease_owner', 'varchar(64)')
        .addColumn('lease_until', 'bigint')
        .addColumn('signal', 'integer', (col) => col.notNull().defaultTo(0))
        .addColumn('version', 'integer', (col) => col.notNull().defaultTo(1))
        .addColumn('created_at', 'bigint', (col) => col.notNull())
        .addColumn('updated_at', 'bigint', (col) => col.notNull())
        .execute();
      // The natural key: one onboarding per customer and phone number, whatever its status.
      await db.schema
        .createIndex('onboardings_customer_phone')
        .unique()
        .on('onboardings')
        .columns(['customer_id', 'phone_number_id'])
        .execute();
      await db.schema
        .createIndex('onboardings_due')
        .on('onboardings')
        .columns(['status', 'next_run_at'])
        .execute();
      await db.schema.createIndex('onboardings_sender').on('onboardings').column('sender_id').execute();
      await db.schema
        .createIndex('onboardings_subproject')
        .on('onboardings')
        .column('subproject_id')
        .execute();
      await db.schema
        .createIndex('onboardings_list')
        .on('onboardings')
        .columns(['customer_id', 'created_at', 'id'])
        .execute();
      await db.schema
        .createIndex('onboardings_created')
        .on('onboardings')
        .columns(['created_at', 'id'])
        .execute();

      await db.schema
        .createTable('customer_subprojects')
        .addColumn('customer_id', 'varchar(255)', (col) => col.notNull())
        .addColumn('waba_id', 'varchar(64)', (col) => col.notNull())
        .addColumn('subproject_id', 'varchar(128)')
        .addColumn('claimed_by', 'varchar(64)')
        .addColumn('claim_until', 'bigint')
        .addColumn('create_started', 'integer', (col) => col.notNull().defaultTo(0))
        .addColumn('webhook_registered', 'integer', (col) => col.notNull().defaultTo(0))
        .addColumn('ready_at', 'bigint')
        .addColumn('created_at', 'bigint', (col) => col.notNull())
        .addColumn('updated_at', 'bigint', (col) => col.notNull())
        .addPrimaryKeyConstraint('customer_subprojects_pk', ['customer_id', 'waba_id'])
        .execute();

      await db.schema
        .createTable('idempotency_keys')
        .addColumn('customer_id', 'varchar(255)', (col) => col.notNull())
        .addColumn('idempotency_key', 'varchar(255)', (col) => col.notNull())
        .addColumn('fingerprint', 'varchar(64)', (col) => col.notNull())
        .addColumn('onboarding_id', 'varchar(64)', (col) => col.notNull())
        .addColumn('created_at', 'bigint', (col) => col.notNull())
        .addPrimaryKeyConstraint('idempotency_keys_pk', ['customer_id', 'idempotency_key'])
        .execute();

      await db.schema
        .createTable('callback_nonces')
        .addColumn('nonce', 'varchar(255)', (col) => col.primaryKey())
        .addColumn('expires_at', 'bigint', (col) => col.notNull())
        .execute();
      await db.schema
        .createIndex('callback_nonces_expiry')
        .on('callback_nonces')
        .column('expires_at')
        .execute();
    },
  },
  '0003_onboarding_notifications': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('onboarding_notifications')
        .addColumn('id', 'varchar(64)', (col) => col.primaryKey())
        .addColumn('onboarding_id', 'varchar(64)', (col) => col.notNull())
        .addColumn('body', 'text', (col) => col.notNull())
        .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
        .addColumn('next_attempt_at', 'bigint', (col) => col.notNull())
        .addColumn('lease_owner', 'varchar(64)')
        .addColumn('lease_until', 'bigint')
        .addColumn('created_at', 'bigint', (col) => col.notNull())
        .execute();
      await db.schema
        .createIndex('onboarding_notifications_due')
        .on('onboarding_notifications')
        .column('next_attempt_at')
        .execute();
    },
  },
};

class InCodeMigrations implements MigrationProvider {
  constructor(private readonly extra: Record<string, Migration>) {}

  getMigrations(): Promise<Record<string, Migration>> {
    return Promise.resolve({ ...migrations, ...this.extra });
  }
}

/**
 * Brings the schema up to date.
 * @param extra migrations of features that own their tables (e.g. template statuses), named so they sort
 *   after the relay's own (`0002_…`, `0003_…`).
 * @returns the names of the migrations applied now (empty when already current).
 * @throws the first migration error.
 */
export async function migrateToLatest(
  db: Kysely<unknown>,
  extra: Record<string, Migration> = {},
): Promise<string[]> {
  // Feature migrations interleave with the relay's own by name; each creates its own tables, so the order in
  // which an existing database received them does not matter.
  const migrator = new Migrator({
    db,
    provider: new InCodeMigrations(extra),
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? [])
    .filter((result) => result.status === 'Success')
    .map((result) => result.migrationName);
}
