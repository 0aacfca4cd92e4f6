// The API tests' database: with TEST_DB=pglite an in-memory PGlite, otherwise a fresh PostgreSQL
// database from @bengkel/testing (on TEST_DATABASE_URL's server). Either way `open` connects
// the API's own database client, and the real migrations are applied when the app starts.

import pg from 'pg';
import { freshDatabase as freshPostgresDatabase } from '@bengkel/testing/database';
import { openDatabase, type Database, type DatabaseOptions } from '../../src/db/client.ts';

export type Backend = 'postgresql' | 'pglite';

export function testBackend(): Backend {
  return process.env.TEST_DB === 'pglite' ? 'pglite' : 'postgresql';
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
  const fresh = await freshPostgresDatabase(serverUrl);
  return {
    url: fresh.url,
    open: (options) => openDatabase({ ...base, ...options, databaseUrl: fresh.url }),
    drop: fresh.drop,
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
