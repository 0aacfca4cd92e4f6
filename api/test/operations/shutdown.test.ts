// SIGTERM with requests in flight: the server stops accepting, finishes what it started, closes
// the pool and exits 0; every acknowledged write is in the database. If requests cannot finish,
// it still exits, after SHUTDOWN_TIMEOUT_MS.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { bearer, makeToken } from '@bengkel/testing/accounts';
import { adminUrl } from '@bengkel/testing/database';
import { spawnServer } from '@bengkel/testing/server';
import { freshDatabase, lockTable, type FreshDatabase } from '../helpers/database.ts';

let fresh: FreshDatabase;
before(async () => {
  fresh = await freshDatabase(adminUrl());
});
after(() => fresh.drop());

const post = (base: string, token: string, name: string) =>
  fetch(`${base}/api/customers`, { method: 'POST', headers: { 'content-type': 'application/json', ...bearer(token) }, body: JSON.stringify({ name }) }).then(
    (r) => r.status,
    (error: Error) => `failed: ${error.message}`,
  );

describe('graceful shutdown', () => {
  test('finishes in-flight requests, refuses new ones, loses no acknowledged write, exits 0', async () => {
    // A connection for each request, so that none waits past DB_POOL_TIMEOUT_MS on a slow machine.
    const server = spawnServer({ DATABASE_URL: fresh.url!, SHUTDOWN_TIMEOUT_MS: '10000', DB_POOL_MAX: '25' });
    const { child, exited } = server;
    const base = await server.base;
    const token = await makeToken(base);
    const release = await lockTable(fresh.url!, 'customers');
    const inFlight = Array.from({ length: 20 }, (_, i) => post(base, token, `In flight ${i}`));
    // SIGTERM once the server holds all 20 (the scrape that says so is the 21st in flight).
    const inFlightNow = async () => Number(/^http_requests_in_flight (\d+)/m.exec(await (await fetch(`${base}/metrics`)).text())?.[1] ?? 0);
    for (const deadline = Date.now() + 10_000; (await inFlightNow()) < 21 && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 50));
    const signalled = Date.now();
    child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    const late = await post(base, token, 'Too late');
    assert.notEqual(late, 201, 'a request after SIGTERM is not taken on');
    await release();

    const statuses = await Promise.all(inFlight);
    assert.deepEqual(statuses, Array(20).fill(201));
    assert.equal(await exited, 0);
    assert.ok(Date.now() - signalled < 5000);

    const client = new pg.Client({ connectionString: fresh.url });
    await client.connect();
    const { rows } = await client.query("select count(*)::int as n from customers where name like 'In flight %'");
    await client.end();
    assert.equal(rows[0].n, 20, 'every acknowledged write is stored');
  });

  test('exits within SHUTDOWN_TIMEOUT_MS even when a request cannot finish', async () => {
    const server = spawnServer({ DATABASE_URL: fresh.url!, SHUTDOWN_TIMEOUT_MS: '1000' });
    const { child, exited } = server;
    const base = await server.base;
    const token = await makeToken(base);
    const release = await lockTable(fresh.url!, 'customers');
    const stuck = post(base, token, 'Stuck');
    await new Promise((r) => setTimeout(r, 200));
    const signalled = Date.now();
    child.kill('SIGTERM');
    const code = await exited;
    const took = Date.now() - signalled;
    await release();
    await stuck;
    assert.notEqual(code, 0);
    assert.ok(took >= 900 && took < 4000, `exited after ${took} ms`);
  });
});
