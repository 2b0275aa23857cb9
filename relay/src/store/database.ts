/**
 * Opens the database named by `DATABASE_URL`: an embedded SQLite file
 * (`sqlite:<path>`, WAL mode) or Postgres (`postgres://…`), behind one Kysely
 * instance so the store has a single implementation.
 * @module
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';

/** Which engine a database URL points at. */
export type Dialect = 'sqlite' | 'postgres';

/** An open database. */
export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: Dialect;
  /** Closes every connection. */
  close(): Promise<void>;
}

/** The SQLite file path of a `sqlite:` URL (`sqlite:./data/relay.db`, `sqlite:/var/lib/relay.db`, `sqlite::memory:`). */
export function sqlitePath(url: string): string {
  const rest = url.slice('sqlite:'.length);
  // Accept the URL-style spelling `sqlite:///abs/path` too.
  return rest.startsWith('//') ? rest.slice(2) : rest;
}

const INT8_OID = 20;

/** Opens `url` (see the module comment). The schema is not touched: call `migrateToLatest` next. */
export function openDatabase(url: string, options: { poolSize?: number } = {}): DatabaseHandle {
  if (url.startsWith('sqlite:')) {
    const path = sqlitePath(url);
    if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
    const sqlite = new SQLite(path);
    // WAL lets readers run while the runner writes; the busy timeout covers a second process on the same file.
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('synchronous = NORMAL');
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    return { db, dialect: 'sqlite', close: () => db.destroy() };
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    // Timestamps are bigint milliseconds: read them back as numbers, as SQLite does.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID && format !== 'binary'
          ? (value: string) => Number(value)
          : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client dropped by the server (restart, failover) must not crash the process: the pool replaces it.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', close: () => db.destroy() };
}
