// Racing requests over real sockets: the database's constraints decide, so exactly one of many
// identical creates wins and the rest get 409 — never two rows, never a 5xx.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startApp, type TestApp } from '../helpers/app.ts';
import { createCustomer, createService, createVehicle, unique } from '../helpers/data.ts';

let t: TestApp;
let base: string;
before(async () => {
  t = await startApp();
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
});
after(() => t.close());

const send = (method: string, path: string, body: unknown) =>
  fetch(`${base}${path}`, {
    method,
    ...(body === undefined ? { headers: t.headers } : { headers: { ...t.headers, 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  }).then(async (r) => ({ status: r.status, body: (r.status === 204 ? null : await r.json()) as { status?: string } | null }));

const tally = (statuses: number[]) => statuses.reduce<Record<number, number>>((acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }), {});

describe('races', () => {
  test('50 parallel creates with one email: exactly one 201, 49 × 409, one row', async () => {
    const email = `race-${unique().toLowerCase()}@example.com`;
    const replies = await Promise.all(
      Array.from({ length: 50 }, (_, i) => send('POST', '/api/customers', { name: `Racer ${i}`, email: i % 2 ? email : email.toUpperCase() })),
    );
    assert.deepEqual(tally(replies.map((r) => r.status)), { 201: 1, 409: 49 });
    const stored = await fetch(`${base}/api/customers?q=${encodeURIComponent(email)}`, { headers: t.headers }).then((r) => r.json() as Promise<{ total: number }>);
    assert.equal(stored.total, 1);
  });

  test('50 parallel creates with one plate (spelled differently): exactly one 201', async () => {
    const owner = await createCustomer(t);
    const plate = `R ${unique().slice(-6)}`;
    const replies = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        send('POST', '/api/vehicles', { customerId: owner.id, plateNumber: i % 2 ? plate.toLowerCase() : ` ${plate.replace(' ', '   ')}`, make: 'A', model: 'B' }),
      ),
    );
    assert.deepEqual(tally(replies.map((r) => r.status)), { 201: 1, 409: 49 });
  });

  test('parallel moves of one service: completing and cancelling cannot both win', async () => {
    const vehicle = await createVehicle(t, (await createCustomer(t)).id);
    const service = await createService(t, vehicle.id, { status: 'in_progress' });
    const replies = await Promise.all(
      Array.from({ length: 40 }, (_, i) => send('PATCH', `/api/services/${service.id}`, { status: i % 2 ? 'completed' : 'cancelled' })),
    );
    const final = await fetch(`${base}/api/services/${service.id}`, { headers: t.headers }).then((r) => r.json() as Promise<{ status: string; completedAt: string | null }>);
    const winners = replies.filter((r) => r.status === 200).map((r) => r.body?.status);
    assert.ok(winners.length >= 1);
    assert.ok(winners.every((s) => s === final.status), `winners ${winners} vs final ${final.status}`);
    assert.ok(replies.every((r) => r.status === 200 || r.status === 409));
    assert.equal(final.completedAt !== null, final.status === 'completed');
  });

  test('deleting a customer while vehicles are added for them leaves no orphan', async () => {
    const owner = await createCustomer(t);
    const replies = await Promise.all([
      send('DELETE', `/api/customers/${owner.id}`, undefined),
      ...Array.from({ length: 20 }, () => send('POST', '/api/vehicles', { customerId: owner.id, plateNumber: `O ${unique().slice(-8)}`, make: 'A', model: 'B' })),
    ].map((p) => p.catch(() => ({ status: 0, body: null }))));
    assert.ok([204, 409].includes(replies[0]!.status), String(replies[0]!.status));
    const deleted = replies[0]!.status === 204;
    const created = replies.slice(1).filter((r) => r.status === 201).length;
    const vehicles = await fetch(`${base}/api/vehicles?customerId=${owner.id}`, { headers: t.headers }).then((r) => r.json() as Promise<{ total: number }>);
    if (deleted) assert.equal(vehicles.total, 0);
    else assert.equal(vehicles.total, created);
    assert.ok(replies.slice(1).every((r) => r.status === 201 || r.status === 422));
  });
});
