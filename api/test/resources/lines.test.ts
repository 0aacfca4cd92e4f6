// A service's lines (API.md v2): parts, labour and fees whose amounts PostgreSQL computes in exact
// decimal, rounded half-up to the cent; the service costs their sum; they change only while the
// service is open; a service's mileage raises its vehicle's.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { startApp, type TestApp } from '../helpers/app.ts';
import { createCustomer, createService, createVehicle } from '../helpers/data.ts';

let t: TestApp;
before(async () => {
  t = await startApp();
});
after(() => t.close());

const newService = async (fields: Record<string, unknown> = {}) => createService(t, (await createVehicle(t, (await createCustomer(t)).id)).id, fields);
const addLine = (serviceId: number, line: Record<string, unknown>) => t.post(`/api/services/${serviceId}/lines`, { kind: 'part', description: 'Oli mesin', ...line });

/** Exact decimal: quantity (3 decimals) × price (2 decimals), half-up to cents, as integers. */
function cents(quantity: number, unitPrice: number): bigint {
  const q = BigInt(Math.round(quantity * 1000));
  const p = BigInt(Math.round(unitPrice * 100));
  const milliCents = q * p; // in 1/100 000 of a unit
  return (milliCents + 500n) / 1000n;
}

describe('lines', () => {
  test('amounts are quantity × unit price rounded half-up to the cent; the service costs their sum', async () => {
    const service = await newService({ cost: 99000 });
    const a = await addLine(service.id, { quantity: 1.5, unitPrice: 33333.33, partNumber: 'OLI-10W40' });
    assert.equal(a.status, 201);
    assert.equal(a.headers.location, `/api/services/${service.id}/lines/${a.body.id}`);
    assert.equal(a.body.amount, 50000, '49 999.995 rounds half-up');
    const b = await addLine(service.id, { kind: 'labour', description: 'Ganti oli', quantity: 0.333, unitPrice: 0.05 });
    assert.equal(b.body.amount, 0.02, '0.01665 → 0.02');
    const c = await addLine(service.id, { kind: 'fee', description: 'Limbah oli', quantity: 1, unitPrice: 0.1 });
    assert.equal((await t.get(`/api/services/${service.id}`)).body.cost, 50000.12, 'the lines replace the cost the service had');
    const list = await t.get(`/api/services/${service.id}/lines`);
    assert.deepEqual(list.body.items.map((l: { id: number }) => l.id), [a.body.id, b.body.id, c.body.id]);
    assert.equal(list.body.total, 3);
    assert.deepEqual(Object.keys(list.body.items[0]).sort(), ['amount', 'createdAt', 'description', 'id', 'kind', 'partNumber', 'quantity', 'serviceId', 'unitPrice', 'updatedAt']);

    assert.equal((await t.patch(`/api/services/${service.id}/lines/${c.body.id}`, { quantity: 3 })).body.amount, 0.3);
    assert.equal((await t.get(`/api/services/${service.id}`)).body.cost, 50000.32);
    assert.equal((await t.delete(`/api/services/${service.id}/lines/${b.body.id}`)).status, 204);
    assert.equal((await t.get(`/api/services/${service.id}`)).body.cost, 50000.3);
  });

  test("with lines, the cost is theirs: another cost is 409; a PUT without one keeps their sum", async () => {
    const service = await newService({ cost: 10000 });
    await addLine(service.id, { quantity: 2, unitPrice: 75000 });
    const refused = await t.patch(`/api/services/${service.id}`, { cost: 1 });
    assert.equal(refused.status, 409);
    assert.match(refused.body.detail, /change the lines/);
    const replaced = await t.put(`/api/services/${service.id}`, { vehicleId: (await t.get(`/api/services/${service.id}`)).body.vehicleId, description: 'Servis berkala' });
    assert.equal(replaced.status, 200);
    assert.equal(replaced.body.cost, 150000);
    const plain = await newService({ cost: 10000 });
    assert.equal((await t.patch(`/api/services/${plain.id}`, { cost: 12500.5 })).body.cost, 12500.5, 'without lines, v1\'s own cost');
  });

  test('a completed or cancelled service\'s lines cannot change (409), and nothing does', async () => {
    const service = await newService({ status: 'in_progress' });
    const line = await addLine(service.id, { quantity: 1, unitPrice: 50000 });
    assert.equal((await t.patch(`/api/services/${service.id}`, { status: 'completed' })).status, 200);
    for (const attempt of [
      () => addLine(service.id, { quantity: 1, unitPrice: 1 }),
      () => t.patch(`/api/services/${service.id}/lines/${line.body.id}`, { unitPrice: 1 }),
      () => t.delete(`/api/services/${service.id}/lines/${line.body.id}`),
    ]) {
      const reply = await attempt();
      assert.equal(reply.status, 409);
      assert.match(reply.body.detail, /completed or cancelled/);
    }
    assert.equal((await t.get(`/api/services/${service.id}/lines`)).body.total, 1);
    assert.equal((await t.get(`/api/services/${service.id}`)).body.cost, 50000);
  });

  test('bad lines are 400 naming the field; a missing service or line is 404', async () => {
    const service = await newService();
    for (const [line, path] of [
      [{ quantity: 0, unitPrice: 1 }, '/quantity'],
      [{ quantity: 1.2345, unitPrice: 1 }, '/quantity'],
      [{ quantity: 1, unitPrice: 1.234 }, '/unitPrice'],
      [{ quantity: 1, unitPrice: -1 }, '/unitPrice'],
      [{ quantity: 1, unitPrice: 1, kind: 'gift' }, '/kind'],
      [{ quantity: 1, unitPrice: 1, description: '   ' }, '/description'],
      [{ quantity: 1, unitPrice: 1, partNumber: 'x'.repeat(61) }, '/partNumber'],
      [{ quantity: 1, unitPrice: 1, amount: 5 }, '/amount'],
    ] as const) {
      const reply = await addLine(service.id, line);
      assert.equal(reply.status, 400, JSON.stringify(line));
      assert.ok(reply.body.errors.some((e: { path: string }) => e.path === path), `${path}: ${JSON.stringify(reply.body.errors)}`);
    }
    assert.equal((await t.get(`/api/services/${service.id}/lines`)).body.total, 0);
    assert.equal((await t.get('/api/services/999999/lines')).status, 404);
    assert.equal((await addLine(999999, { quantity: 1, unitPrice: 1 })).status, 404);
    const other = await newService();
    const line = await addLine(other.id, { quantity: 1, unitPrice: 1 });
    assert.equal((await t.get(`/api/services/${service.id}/lines/${line.body.id}`)).status, 404, "another service's line");
    assert.equal((await t.patch(`/api/services/${service.id}/lines/${line.body.id}`, { quantity: 2 })).status, 404);
  });

  test('a mechanic records the work on an open service; the audit log has every line', async () => {
    const service = await newService({ status: 'in_progress' });
    const mechanic = await t.as('mechanic');
    const added = await mechanic.post(`/api/services/${service.id}/lines`, { kind: 'labour', description: 'Setel klep', quantity: 1.25, unitPrice: 80000 });
    assert.equal(added.status, 201);
    assert.equal(added.body.amount, 100000);
    const log = (await t.get(`/api/audit?entity=line&entityId=${added.body.id}`)).body.items;
    assert.deepEqual([log[0].action, log[0].actor.type], ['insert', 'token']);
    const serviceLog = (await t.get(`/api/audit?entity=service&entityId=${service.id}&action=update`)).body.items;
    assert.deepEqual(serviceLog[0].changes.cost, [0, 100000], "the service's cost, changed by the line, in the same transaction");
  });

  test('deleting a service deletes its lines', async () => {
    const service = await newService();
    await addLine(service.id, { quantity: 1, unitPrice: 1000 });
    assert.equal((await t.delete(`/api/services/${service.id}`)).status, 204);
    assert.equal((await t.get(`/api/services/${service.id}/lines`)).status, 404);
  });

  test('property: whatever the lines, the cost is their exact decimal sum, each half-up to the cent', async () => {
    const line = fc.record({
      // Up to 100 units at up to 10 million each: a workshop's range, the sum within a service's cost.
      quantity: fc.integer({ min: 1, max: 100_000 }).map((n) => n / 1000),
      unitPrice: fc.integer({ min: 0, max: 1_000_000_000 }).map((n) => n / 100),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 6 }), async (lines) => {
        const service = await newService();
        let expected = 0n;
        for (const l of lines) {
          const reply = await addLine(service.id, l);
          assert.equal(reply.status, 201, JSON.stringify(reply.body));
          assert.equal(BigInt(Math.round(reply.body.amount * 100)), cents(l.quantity, l.unitPrice), JSON.stringify(l));
          expected += cents(l.quantity, l.unitPrice);
        }
        assert.equal(BigInt(Math.round((await t.get(`/api/services/${service.id}`)).body.cost * 100)), expected);
      }),
      { numRuns: 10 },
    );
  });
});

describe("a service's mileage", () => {
  test("raises its vehicle's known mileage, never lowers it", async () => {
    const vehicle = await createVehicle(t, (await createCustomer(t)).id, { mileage: 40000 });
    await createService(t, vehicle.id, { mileage: 42500 });
    assert.equal((await t.get(`/api/vehicles/${vehicle.id}`)).body.mileage, 42500);
    const older = await createService(t, vehicle.id, { mileage: 30000 });
    assert.equal((await t.get(`/api/vehicles/${vehicle.id}`)).body.mileage, 42500);
    await t.patch(`/api/services/${older.id}`, { mileage: 45100 });
    assert.equal((await t.get(`/api/vehicles/${vehicle.id}`)).body.mileage, 45100);
  });
});

describe('settings', () => {
  test('start with the defaults; owners replace them, omitted fields back to their defaults', async () => {
    const initial = (await t.get('/api/settings')).body;
    assert.deepEqual(
      { name: initial.workshopName, taxRate: initial.taxRate, currency: initial.currency, prefix: initial.invoicePrefix, address: initial.address },
      { name: 'Bengkel', taxRate: 0.11, currency: 'IDR', prefix: 'INV', address: null },
    );
    const saved = await t.put('/api/settings', { workshopName: 'Bengkel Maju Jaya', address: 'Jl. Merdeka 10, Bandung', phone: '022-123456', taxRate: 0.12, invoicePrefix: 'MJ' });
    assert.equal(saved.status, 200);
    assert.deepEqual([saved.body.workshopName, saved.body.taxRate, saved.body.invoicePrefix, saved.body.currency], ['Bengkel Maju Jaya', 0.12, 'MJ', 'IDR']);
    assert.equal((await (await t.as('mechanic')).get('/api/settings')).body.workshopName, 'Bengkel Maju Jaya', 'every role reads them');
    assert.equal((await t.put('/api/settings', { workshopName: 'Bengkel Maju Jaya' })).body.taxRate, 0.11);
    const log = (await t.get('/api/audit?entity=settings')).body.items;
    assert.ok(log.some((e: { changes: Record<string, unknown> }) => 'tax_rate' in e.changes || 'taxRate' in e.changes));
  });

  test('bad settings are 400 and change nothing', async () => {
    const before = (await t.get('/api/settings')).body;
    for (const body of [{ workshopName: '' }, { workshopName: 'X', taxRate: 1.5 }, { workshopName: 'X', taxRate: 0.12345 }, { workshopName: 'X', currency: 'rupiah' }, { workshopName: 'X', invoicePrefix: 'inv-' }, { workshopName: 'X', email: 'nope' }, { workshopName: 'X', extra: 1 }]) {
      assert.equal((await t.put('/api/settings', body)).status, 400, JSON.stringify(body));
    }
    assert.deepEqual((await t.get('/api/settings')).body, before);
  });
});
