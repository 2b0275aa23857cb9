/**
 * Persistence: open the database from `DATABASE_URL`, migrate, and query.
 * @module
 */
import { openDatabase } from './database.js';
import { Store } from './store.js';

export { type DatabaseHandle, type Dialect, openDatabase, sqlitePath } from './database.js';
export type { CustomerSubprojectRow, Database, OnboardingRow } from './schema.js';
export * from './store.js';

/** Opens the database at `url` and applies pending migrations. */
export async function openStore(url: string, options: { poolSize?: number } = {}): Promise<Store> {
  const store = new Store(openDatabase(url, options));
  try {
    await store.migrate();
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}
