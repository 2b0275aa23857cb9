/**
 * Persistence: open the database from `DATABASE_URL`, migrate, and query.
 * @module
 */
import type { Migration } from 'kysely';
import { openDatabase } from './database.js';
import { Store } from './store.js';

export { type DatabaseHandle, type Dialect, openDatabase, sqlitePath } from './database.js';
export type { CustomerSubprojectRow, Database, OnboardingNotificationRow, OnboardingRow } from './schema.js';
export * from './store.js';

/** Opens the database at `url` and applies pending migrations (with `extraMigrations` of other features). */
export async function openStore(
  url: string,
  options: { poolSize?: number; extraMigrations?: Record<string, Migration> } = {},
): Promise<Store> {
  const store = new Store(openDatabase(url, options));
  try {
    await store.migrate(options.extraMigrations);
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}
