import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startApp, type TestApp } from '../helpers/app.ts';
import { createCustomer, createService, createVehicle, snapshot } from '../helpers/data.ts';

let t: TestApp;
let vehicleId: number;
before(async () => {
  t = await startApp();
  vehicleId = (await createVehicle(t, (await createCustomer(t)).id)).id;
});
after(() => t.close());

describe('services', () => {
  test('a new service is scheduled now, costs 0, and has no completedAt', async () => {
    const before = Date.now();
    const reply = await t.post('/api/services', { vehicleId, description: ' Tune-up ' });
    assert.equal(reply.status, 201);
    assert.equal(reply.body.description, 'Tune-up');
    assert.equal(reply.body.status, 'scheduled');
    assert.equal(reply.body.cost, 0);
    assert.equal(reply.body.completedAt, null);
    assert.equal(reply.body.mileage, null);
    assert.ok(Date.parse(reply.body.scheduledAt) >= before - 1000);
  });

  test('keeps cost to the cent and scheduledAt as given', async () => {
    const reply = await t.post('/api/services', {
      vehicleId,
      description: 'Brakes',
      cost: 1250000.75,
      scheduledAt: '2026-12-01T09:30:00+07:00',
      mechanic: 'Agus',
      mileage: 45000,
    });
    assert.equal(reply.status, 201);
    assert.equal(reply.body.cost, 1250000.75);
    assert.equal(reply.body.scheduledAt, '2026-12-01T02:30:00.000Z');
    assert.equal((await t.post('/api/services', { vehicleId, description: 'Max', cost: 9999999999.99 })).body.cost, 9999999999.99);
  });

  test('may start in progress, but not completed or cancelled', async () => {
    assert.equal((await t.post('/api/services', { vehicleId, description: 'Walk-in', status: 'in_progress' })).status, 201);
    for (const status of ['completed', 'cancelled', 'done']) {
      const reply = await t.post('/api/services', { vehicleId, description: 'X', status });
      assert.equal(reply.status, 400, status);
      assert.equal(reply.body.errors[0].path, '/status');
    }
  });

  for (const [field, value] of [
    ['cost', -1],
    ['cost', 10.005],
    ['cost', 10_000_000_000],
    ['cost', '100'],
    ['description', ''],
    ['description', 'x'.repeat(2001)],
    ['scheduledAt', '2026-11-24'],
    ['scheduledAt', '2026-11-24T08:15:00'],
    ['scheduledAt', '2026-02-30T08:15:00Z'],
    ['scheduledAt', 'tomorrow'],
    ['mileage', -5],
    ['mechanic', 'x'.repeat(121)],
    ['completedAt', '2026-11-24T08:15:00Z'],
  ] as const) {
    test(`rejects ${field}=${JSON.stringify(value).slice(0, 24)} with 400 naming /${field}`, async () => {
      const before = await snapshot(t);
      const reply = await t.post('/api/services', { vehicleId, description: 'Check', [field]: value });
      assert.equal(reply.status, 400);
      assert.ok(reply.body.errors.some((e: { path: string }) => e.path === `/${field}`), JSON.stringify(reply.body.errors));
      assert.deepEqual(await snapshot(t), before);
    });
  }

  test('a cost with more than 2 decimals is refused, never rounded: 0.1 + 0.2 is 400', async () => {
    const before = await snapshot(t);
    for (const cost of [0.1 + 0.2, 1.005, 150000.001, 1e-7]) {
      const reply = await t.post('/api/services', { vehicleId, description: 'Float', cost });
      assert.equal(reply.status, 400, String(cost));
      assert.equal(reply.body.errors[0].path, '/cost');
      assert.match(reply.body.errors[0].message, /2 decimals/);
    }
    assert.deepEqual(await snapshot(t), before);
    const exact = await t.post('/api/services', { vehicleId, description: 'Exact', cost: 0.3 });
    assert.equal(exact.body.cost, 0.3);
  });

  test('a vehicle that does not exist is 422', async () => {
    const reply = await t.post('/api/services', { vehicleId: 999999, description: 'Ghost' });
    assert.equal(reply.status, 422);
    assert.equal(reply.body.errors[0].path, '/vehicleId');
  });

  test('moves scheduled → in_progress → completed, setting completedAt once', async () => {
    const service = await createService(t, vehicleId);
    const started = await t.patch(`/api/services/${service.id}`, { status: 'in_progress' });
    assert.equal(started.status, 200);
    assert.equal(started.body.completedAt, null);
    const done = await t.patch(`/api/services/${service.id}`, { status: 'completed' });
    assert.equal(done.status, 200);
    assert.ok(Date.parse(done.body.completedAt) > 0);
    const again = await t.patch(`/api/services/${service.id}`, { status: 'completed', cost: 50 });
    assert.equal(again.status, 200, 'sending the current status again is not a move');
    assert.equal(again.body.completedAt, done.body.completedAt);
    assert.equal(again.body.cost, 50);
  });

  test('cancels from scheduled or in progress', async () => {
    const a = await createService(t, vehicleId);
    assert.equal((await t.patch(`/api/services/${a.id}`, { status: 'cancelled' })).body.status, 'cancelled');
    const b = await createService(t, vehicleId, { status: 'in_progress' });
    assert.equal((await t.put(`/api/services/${b.id}`, { vehicleId, description: 'x', status: 'cancelled' })).body.status, 'cancelled');
  });

  const illegal: [string[], string][] = [
    [[], 'completed'],
    [['in_progress'], 'scheduled'],
    [['in_progress', 'completed'], 'in_progress'],
    [['in_progress', 'completed'], 'cancelled'],
    [['cancelled'], 'scheduled'],
    [['cancelled'], 'in_progress'],
  ];
  for (const [path, target] of illegal) {
    for (const method of ['PATCH', 'PUT'] as const) {
      test(`${method}: ${['scheduled', ...path].join(' → ')} ✗→ ${target} is 409 and changes nothing`, async () => {
        const service = await createService(t, vehicleId);
        for (const status of path) await t.patch(`/api/services/${service.id}`, { status });
        const before = (await t.get(`/api/services/${service.id}`)).body;
        const body = { status: target, description: 'changed' };
        const reply = method === 'PATCH' ? await t.patch(`/api/services/${service.id}`, body) : await t.put(`/api/services/${service.id}`, { vehicleId, ...body });
        assert.equal(reply.status, 409);
        assert.equal(reply.body.code, 'illegal_status_move');
        assert.equal(reply.body.errors[0].path, '/status');
        assert.deepEqual((await t.get(`/api/services/${service.id}`)).body, before);
      });
    }
  }

  test('PUT without status or scheduledAt keeps them; omitted optionals become null or their default', async () => {
    const service = await createService(t, vehicleId, { status: 'in_progress', scheduledAt: '2026-01-05T10:00:00Z', cost: 99, mechanic: 'Budi', mileage: 10 });
    const reply = await t.put(`/api/services/${service.id}`, { vehicleId, description: 'Rewritten' });
    assert.equal(reply.status, 200);
    assert.equal(reply.body.status, 'in_progress');
    assert.equal(reply.body.scheduledAt, '2026-01-05T10:00:00.000Z');
    assert.equal(reply.body.cost, 0);
    assert.equal(reply.body.mechanic, null);
    assert.equal(reply.body.mileage, null);
  });

  test('filters by status and by scheduledAt range, a bare date meaning the whole UTC day', async () => {
    const vehicle = await createVehicle(t, (await createCustomer(t)).id);
    const at = (iso: string) => createService(t, vehicle.id, { scheduledAt: iso });
    const early = await at('2030-03-01T00:00:00Z');
    const late = await at('2030-03-01T23:59:59.999Z');
    const next = await at('2030-03-02T00:00:00Z');
    await t.patch(`/api/services/${next.id}`, { status: 'in_progress' });
    const ids = async (query: string) =>
      (await t.get(`/api/services?vehicleId=${vehicle.id}&sort=scheduledAt&${query}`)).body.items.map((s: { id: number }) => s.id);
    assert.deepEqual(await ids('from=2030-03-01&to=2030-03-01'), [early.id, late.id]);
    assert.deepEqual(await ids('from=2030-03-01T12:00:00Z'), [late.id, next.id]);
    assert.deepEqual(await ids('to=2030-03-02T00:00:00Z'), [early.id, late.id, next.id]);
    assert.deepEqual(await ids('status=in_progress'), [next.id]);
    assert.deepEqual(await ids('status=scheduled&from=2030-03-02'), []);
    assert.equal((await t.get('/api/services?from=2030-03-02&to=2030-03-01')).status, 400);
    assert.equal((await t.get('/api/services?from=yesterday')).status, 400);
    assert.equal((await t.get('/api/services?status=done')).status, 400);
  });
});
