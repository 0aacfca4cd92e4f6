// The API tests' database: with TEST_DB=pglite an in-memory PGlite, otherwise a fresh PostgreSQL
// database from @bengkel/testing (on TEST_DATABASE_URL's server). Either way `open` connects
// the API's own database client, and the real migrations are applied when the app starts.
// The scale-out paths run the same tests through each part (scripts/ci/scale-services.sh):
//   TEST_POOLER_URL   the app's connections go through this PgBouncer (transaction pooling,
//                     unnamed statements, no statement_timeout sent); migrations go direct
//   TEST_REPLICA_URL  a streaming replica of TEST_DATABASE_URL's server: reads may go there

import pg from 'pg';
import { freshDatabase as freshPostgresDatabase, withDatabaseName } from '@bengkel/testing/database';
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
    open: (options) => openDatabase({ ...base, ...(serverUrl ? {} : scaleOutOptions(fresh.url)), ...options, databaseUrl: appUrl(fresh.url, serverUrl) }),
    drop: fresh.drop,
  };
}

const databaseName = (url: string) => new URL(url).pathname.slice(1);

/** The URL the app connects with: through TEST_POOLER_URL when set (not for private servers). */
function appUrl(url: string, serverUrl: string | undefined): string {
  const pooler = process.env.TEST_POOLER_URL;
  return pooler && !serverUrl ? withDatabaseName(pooler, databaseName(url)) : url;
}

function scaleOutOptions(url: string): Partial<DatabaseOptions> {
  const options: Partial<DatabaseOptions> = {};
  if (process.env.TEST_POOLER_URL) Object.assign(options, { directUrl: url, namedStatements: false, statementTimeoutMs: 0 });
  if (process.env.TEST_REPLICA_URL) options.replicaUrls = [withDatabaseName(process.env.TEST_REPLICA_URL, databaseName(url))];
  return options;
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
