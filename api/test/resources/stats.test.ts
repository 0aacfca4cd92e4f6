import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startApp, type TestApp } from '../helpers/app.ts';
import { createCustomer, createService, createVehicle } from '../helpers/data.ts';

let t: TestApp;
before(async () => {
  t = await startApp();
});
after(() => t.close());

describe('stats', () => {
  test('start at zero on an empty workshop', async () => {
    const reply = await t.get('/api/stats');
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.body, {
      customers: 0,
      vehicles: 0,
      services: { scheduled: 0, in_progress: 0, completed: 0, cancelled: 0 },
      revenue: { completed: 0, last30Days: 0 },
    });
  });

  test('count by status and sum completed work, all time and in the last 30 days', async () => {
    const customer = await createCustomer(t);
    const vehicle = await createVehicle(t, customer.id);
    await createService(t, vehicle.id, { cost: 100 });
    const cancelled = await createService(t, vehicle.id, { cost: 999 });
    await t.patch(`/api/services/${cancelled.id}`, { status: 'cancelled' });
    await createService(t, vehicle.id, { status: 'in_progress', cost: 50 });
    for (const cost of [150000.25, 49999.75]) {
      const done = await createService(t, vehicle.id, { status: 'in_progress', cost });
      assert.equal((await t.patch(`/api/services/${done.id}`, { status: 'completed' })).status, 200);
    }
    // Completed 40 days ago: counts in all-time revenue only.
    const old = await createService(t, vehicle.id, { status: 'in_progress', cost: 1000 });
    await t.patch(`/api/services/${old.id}`, { status: 'completed' });
    await t.app.database.run('update', 'services', (db) =>
      db.execute(`update services set completed_at = now() - interval '40 days' where id = ${old.id}`),
    );

    assert.deepEqual((await t.get('/api/stats')).body, {
      customers: 1,
      vehicles: 1,
      services: { scheduled: 1, in_progress: 1, completed: 3, cancelled: 1 },
      revenue: { completed: 201000, last30Days: 200000 },
    });
  });
});
