// Fresh PostgreSQL databases for tests and scripts in any workspace: the server they may create
// databases on (TEST_DATABASE_URL, else the machine's own cluster), one-off admin queries, and a
// new, empty database that is dropped afterwards. Nothing here knows the API's schema: the API
// migrates a database itself on start, as in production.

import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export function adminUrl(): string {
  return process.env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL;
}

export function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

export async function adminQuery(sql: string, url = adminUrl(), values: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql, values);
  } finally {
    await client.end();
  }
}

export interface FreshDatabase {
  /** The PostgreSQL URL of the new database. */
  url: string;
  drop(): Promise<void>;
}

/** A new, empty database (not yet migrated) on the PostgreSQL server at `serverUrl`. */
export async function freshDatabase(serverUrl = adminUrl()): Promise<FreshDatabase> {
  const name = `bengkel_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await adminQuery(`create database ${name}`, serverUrl);
  return {
    url: withDatabaseName(serverUrl, name),
    drop: async () => {
      await adminQuery(`drop database if exists ${name} with (force)`, serverUrl);
    },
  };
}
