import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startApp, type TestApp } from '../helpers/app.ts';
import { createCustomer, createService, createVehicle, snapshot, unique } from '../helpers/data.ts';

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
    ['startedAt', '2026-11-24T08:15:00Z'],
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

  test('startedAt is set when work begins and kept through completion; a service created in progress has it at once', async () => {
    const service = await createService(t, vehicleId);
    assert.equal((service as { startedAt?: unknown }).startedAt, null);
    const before = Date.now();
    const started = await t.patch(`/api/services/${service.id}`, { status: 'in_progress' });
    assert.ok(Date.parse(started.body.startedAt) >= before - 1000, started.body.startedAt);
    assert.equal((await t.patch(`/api/services/${service.id}`, { status: 'in_progress', mileage: 1000 })).body.startedAt, started.body.startedAt);
    const done = await t.patch(`/api/services/${service.id}`, { status: 'completed' });
    assert.equal(done.body.startedAt, started.body.startedAt);
    assert.ok(Date.parse(done.body.completedAt) >= Date.parse(done.body.startedAt));
    const walkIn = await t.post('/api/services', { vehicleId, description: 'Walk-in', status: 'in_progress' });
    assert.ok(Date.parse(walkIn.body.startedAt) >= before - 1000);
    const patched = await t.patch(`/api/services/${walkIn.body.id}`, { startedAt: '2026-11-24T08:15:00Z' });
    assert.equal(patched.status, 400);
    assert.deepEqual(patched.body.errors, [{ path: '/startedAt', message: 'is read-only' }]);
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

describe('services say whose vehicle they are on', () => {
  test('each answer carries its vehicle (plate, make, model) and its owner (id, name, phone): list, item and writes', async () => {
    const customer = await createCustomer(t, { name: `Ibu Sari ${unique()}`, phone: '0812-7777-1234' });
    const vehicle = await createVehicle(t, customer.id, { make: 'Honda', model: 'Jazz' });
    const expected = { plateNumber: vehicle.plateNumber, make: 'Honda', model: 'Jazz', customerId: customer.id, customerName: customer.name, customerPhone: '0812-7777-1234' };
    const created = await t.post('/api/services', { vehicleId: vehicle.id, description: 'Oil' });
    assert.equal(created.status, 201);
    assert.deepEqual(created.body.vehicle, expected);
    const id = created.body.id as number;
    assert.deepEqual((await t.get(`/api/services/${id}`)).body.vehicle, expected);
    assert.deepEqual((await t.patch(`/api/services/${id}`, { status: 'in_progress' })).body.vehicle, expected);
    assert.deepEqual((await t.put(`/api/services/${id}`, { vehicleId: vehicle.id, description: 'Oil and filter' })).body.vehicle, expected);
    assert.deepEqual((await t.get(`/api/services?vehicleId=${vehicle.id}`)).body.items[0].vehicle, expected);
    assert.deepEqual((await t.get(`/api/vehicles/${vehicle.id}/services`)).body.items[0].vehicle, expected);
    const nobody = await createVehicle(t, (await createCustomer(t, { phone: null })).id);
    assert.equal((await createServiceReply(nobody.id)).body.vehicle.customerPhone, null);
  });

  test('vehicle is read-only: sent in a body it is 400 on /vehicle and nothing is stored', async () => {
    const service = await createService(t, vehicleId);
    const before = await snapshot(t);
    const summary = { plateNumber: 'B 1 A', make: 'X', model: 'Y', customerId: 1, customerName: 'Z', customerPhone: null };
    for (const reply of [
      await t.post('/api/services', { vehicleId, description: 'Sneaky', vehicle: summary }),
      await t.patch(`/api/services/${service.id}`, { vehicle: summary }),
      await t.put(`/api/services/${service.id}`, { vehicleId, description: 'Sneaky', vehicle: summary }),
    ]) {
      assert.equal(reply.status, 400);
      assert.ok(reply.body.errors.some((e: { path: string }) => e.path === '/vehicle'), JSON.stringify(reply.body.errors));
    }
    assert.deepEqual(await snapshot(t), before);
  });

  test('q finds a service by its plate whatever the spacing, besides description and mechanic', async () => {
    const code = unique().slice(-3).replace(/[^A-Z]/g, 'K').padEnd(3, 'K');
    const digits = String(1000 + (Date.now() % 9000));
    const vehicle = await createVehicle(t, (await createCustomer(t)).id, { plateNumber: `b${digits}${code}` });
    assert.equal(vehicle.plateNumber, `B ${digits} ${code}`);
    const service = await createService(t, vehicle.id, { description: 'Brake pads' });
    for (const q of [`b${digits}`, `B ${digits} ${code}`, `${digits}${code.toLowerCase()}`, `b ${digits}`]) {
      const found = (await t.get(`/api/services?q=${encodeURIComponent(q)}`)).body;
      assert.ok(found.items.some((s: { id: number }) => s.id === service.id), q);
      assert.ok(found.items.every((s: { vehicle: { plateNumber: string } }) => s.vehicle.plateNumber.replace(/ /g, '').includes(q.replace(/ /g, '').toUpperCase())), q);
    }
    assert.ok(!(await t.get(`/api/services?q=Z${digits}9`)).body.items.some((s: { id: number }) => s.id === service.id));
  });

  test('filters by customer: the services on all of their vehicles', async () => {
    const customer = await createCustomer(t);
    const [car, van] = [await createVehicle(t, customer.id), await createVehicle(t, customer.id)];
    const a = await createService(t, car.id);
    const b = await createService(t, van.id);
    await createService(t, vehicleId);
    const reply = await t.get(`/api/services?customerId=${customer.id}&sort=id`);
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.body.items.map((s: { id: number }) => s.id), [a.id, b.id]);
    assert.equal(reply.body.total, 2);
    assert.equal((await t.get('/api/services?customerId=0')).status, 400);
    assert.equal((await t.get(`/api/vehicles/${car.id}/services?customerId=${customer.id}`)).status, 400);
  });

  test('sorts by vehicle, meaning its plate', async () => {
    const customer = await createCustomer(t);
    const tail = unique().slice(-6);
    const plates = [`D ${tail}`, `AB ${tail}`, `B ${tail}`];
    for (const plateNumber of plates) await createService(t, (await createVehicle(t, customer.id, { plateNumber })).id);
    const order = async (sort: string) => (await t.get(`/api/services?customerId=${customer.id}&sort=${sort}`)).body.items.map((s: { vehicle: { plateNumber: string } }) => s.vehicle.plateNumber);
    assert.deepEqual(await order('vehicle'), [...plates].sort());
    assert.deepEqual(await order('-vehicle'), [...plates].sort().reverse());
  });

  test("a renamed owner or a changed plate shows at once in the vehicle's services (item, list, nested list)", async () => {
    const customer = await createCustomer(t);
    const vehicle = await createVehicle(t, customer.id);
    const service = await createService(t, vehicle.id);
    const reads = () => Promise.all([t.get(`/api/services/${service.id}`), t.get(`/api/services?vehicleId=${vehicle.id}`), t.get(`/api/vehicles/${vehicle.id}/services`)]);
    const summaries = async () => (await reads()).map((reply, i) => (i === 0 ? reply.body.vehicle : reply.body.items[0].vehicle));
    await reads(); // cached, where a cache is configured
    await reads();
    const name = `Renamed ${unique()}`;
    assert.equal((await t.patch(`/api/customers/${customer.id}`, { name, phone: '021 555 0101' })).status, 200);
    for (const summary of await summaries()) {
      assert.equal(summary.customerName, name);
      assert.equal(summary.customerPhone, '021 555 0101');
    }
    const plateNumber = `B ${unique().slice(-6)}`;
    assert.equal((await t.patch(`/api/vehicles/${vehicle.id}`, { plateNumber, model: 'Innova' })).status, 200);
    for (const summary of await summaries()) assert.deepEqual([summary.plateNumber, summary.model], [plateNumber, 'Innova']);
  });

  test('a mechanic completes a job with its final mileage in one PATCH', async () => {
    const service = await createService(t, vehicleId, { status: 'in_progress' });
    const mechanic = await t.as('mechanic');
    const done = await mechanic.patch(`/api/services/${service.id}`, { status: 'completed', mileage: 61234 });
    assert.equal(done.status, 200);
    assert.equal(done.body.status, 'completed');
    assert.equal(done.body.mileage, 61234);
    assert.ok(done.body.completedAt);
    assert.ok((await t.get(`/api/vehicles/${vehicleId}`)).body.mileage >= 61234, "the vehicle's mileage follows");
  });
});

async function createServiceReply(vehicle: number) {
  return t.post('/api/services', { vehicleId: vehicle, description: 'Check' });
}
