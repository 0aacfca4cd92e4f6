// Fresh databases for tests. With TEST_DATABASE_URL (a PostgreSQL server the tests may create
// databases on), each call makes a new, empty database there and drops it afterwards;
// with TEST_DB=pglite, an in-memory PGlite. Either way the real migrations are applied.

import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database, type DatabaseOptions } from '../../src/db/client.ts';

export const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export type Backend = 'postgresql' | 'pglite';

export function testBackend(): Backend {
  return process.env.TEST_DB === 'pglite' ? 'pglite' : 'postgresql';
}

export function adminUrl(): string {
  return process.env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL;
}

export function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

export async function adminQuery(sql: string, url = adminUrl()): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

export interface FreshDatabase {
  /** The PostgreSQL URL of the new database; undefined for PGlite. */
  url: string | undefined;
  open(options?: Partial<DatabaseOptions>): Promise<Database>;
  drop(): Promise<void>;
}

/**
 * A new, empty database (not yet migrated: the app migrates it on start, as in production), on
 * the test backend or on the PostgreSQL server at `serverUrl`.
 */
export async function freshDatabase(serverUrl?: string): Promise<FreshDatabase> {
  const base: DatabaseOptions = { databaseUrl: undefined, dataDir: 'memory://', poolMax: 8, poolQueueMax: 2000, poolTimeoutMs: 2000 };
  if (!serverUrl && testBackend() === 'pglite') {
    return { url: undefined, open: (options) => openDatabase({ ...base, ...options }), drop: async () => {} };
  }
  const name = `bengkel_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = serverUrl ?? adminUrl();
  await adminQuery(`create database ${name}`, admin);
  const url = withDatabaseName(admin, name);
  return {
    url,
    open: (options) => openDatabase({ ...base, ...options, databaseUrl: url }),
    drop: async () => {
      await adminQuery(`drop database if exists ${name} with (force)`, admin);
    },
  };
}

/** Holds an exclusive lock on `table` so that every query on it blocks until released. */
export async function lockTable(url: string, table: string): Promise<() => Promise<void>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('begin');
  await client.query(`lock table ${table} in access exclusive mode`);
  return async () => {
    await client.query('rollback');
    await client.end();
  };
}
