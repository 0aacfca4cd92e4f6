// A refusal must not cost a database connection: a duplicate, a missing owner or a blocked
// delete answers on a pooled connection that then serves the next request, instead of the pool
// discarding it and PostgreSQL forking a new backend for the next one.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { adminQuery, adminUrl } from '@bengkel/testing/database';
import { startApp, type TestApp } from '../helpers/app.ts';
import { testBackend } from '../helpers/database.ts';
import { createCustomer, createService, createVehicle } from '../helpers/data.ts';

const onPostgres = testBackend() === 'postgresql';
let t: TestApp;
before(async () => {
  if (onPostgres) t = await startApp({ DB_POOL_MAX: '4' }, adminUrl());
});
after(() => t?.close());

/** Sessions PostgreSQL has started on the test database so far. */
async function sessions(): Promise<number> {
  const name = new URL(t.fresh.url!).pathname.slice(1);
  const { rows } = await adminQuery(`select sessions from pg_stat_database where datname = '${name}'`);
  return Number(rows[0].sessions);
}

describe('pooled connections', { skip: !onPostgres && 'PostgreSQL only: PGlite is one connection' }, () => {
  test('refusals reuse their connection: 200 duplicates open no new PostgreSQL session', async () => {
    const customer = await createCustomer(t);
    const vehicle = await createVehicle(t, customer.id);
    await createService(t, vehicle.id);
    const before = await sessions();
    for (let i = 0; i < 200; i++) {
      const reply = await t.post('/api/customers', { name: 'Again', email: customer.email });
      assert.equal(reply.status, 409);
    }
    for (let i = 0; i < 20; i++) {
      assert.equal((await t.post('/api/vehicles', { customerId: 999_999, plateNumber: `Z ${i}`, make: 'A', model: 'B' })).status, 422);
      assert.equal((await t.delete(`/api/customers/${customer.id}`)).status, 409);
      assert.equal((await t.delete(`/api/vehicles/${vehicle.id}`)).status, 409);
    }
    const opened = (await sessions()) - before;
    // The pool may still be warming up (at most DB_POOL_MAX connections), but no more.
    assert.ok(opened <= 4, `${opened} new sessions for 260 refusals`);
    assert.ok(t.app.database.poolState().total <= 4);
    assert.equal((await t.get(`/api/customers/${customer.id}`)).status, 200, 'the connections still serve');
  });
});
