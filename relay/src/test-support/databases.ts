/**
 * Databases for tests: a fresh SQLite file, and a fresh Postgres database on the
 * server named by `TEST_DATABASE_URL` (created per call, dropped afterwards). With
 * `CI` set, a missing `TEST_DATABASE_URL` fails instead of skipping.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** A database a test may use and must drop. */
export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A named way to get a fresh database. */
export interface TestDatabaseKind {
  name: 'sqlite' | 'postgres';
  create(): Promise<TestDatabase>;
}

const postgresUrl = process.env.TEST_DATABASE_URL;
if (process.env.CI && !postgresUrl) {
  throw new Error('TEST_DATABASE_URL is required when CI is set (the Postgres suites must not be skipped)');
}

/** A fresh SQLite file in a temporary folder. */
export const sqliteKind: TestDatabaseKind = {
  name: 'sqlite',
  create() {
    const dir = mkdtempSync(join(tmpdir(), 'relay-test-'));
    return Promise.resolve({
      url: `sqlite:${join(dir, 'nested', 'relay.db')}`,
      drop: () => {
        rmSync(dir, { recursive: true, force: true });
        return Promise.resolve();
      },
    });
  },
};

/** A fresh Postgres database, or `undefined` without `TEST_DATABASE_URL`. */
export const postgresKind: TestDatabaseKind | undefined = postgresUrl
  ? {
      name: 'postgres',
      async create() {
        const name = `relay_t_${randomBytes(6).toString('hex')}`;
        const admin = new pg.Client({ connectionString: postgresUrl });
        await admin.connect();
        try {
          await admin.query(`CREATE DATABASE ${name}`);
        } finally {
          await admin.end();
        }
        const url = new URL(postgresUrl);
        url.pathname = `/${name}`;
        return {
          url: url.toString(),
          async drop() {
            const client = new pg.Client({ connectionString: postgresUrl });
            await client.connect();
            try {
              await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
            } finally {
              await client.end();
            }
          },
        };
      },
    }
  : undefined;

/** Every database kind available here: SQLite always, Postgres when configured. */
export const databaseKinds: TestDatabaseKind[] = postgresKind ? [sqliteKind, postgresKind] : [sqliteKind];
