import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startApp, type TestApp } from '../helpers/app.ts';
import { createCustomer, createVehicle, snapshot, unique } from '../helpers/data.ts';

let t: TestApp;
before(async () => {
  t = await startApp();
});
after(() => t.close());

describe('customers', () => {
  test('creates a customer, trimming strings and storing empty optionals as null', async () => {
    const email = `${unique().toLowerCase()}@Example.com`;
    const reply = await t.post('/api/customers', { name: '  Budi Santoso ', email: ` ${email} `, phone: '', address: '  ' });
    assert.equal(reply.status, 201);
    assert.equal(reply.headers.location, `/api/customers/${reply.body.id}`);
    assert.deepEqual(
      { ...reply.body, id: 0, createdAt: '', updatedAt: '' },
      { id: 0, name: 'Budi Santoso', email, phone: null, address: null, notes: null, createdAt: '', updatedAt: '' },
    );
    assert.match(reply.body.createdAt, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    assert.equal(reply.body.createdAt, reply.body.updatedAt);
  });

  test('gets one customer, and 404 for one that does not exist', async () => {
    const customer = await createCustomer(t);
    const reply = await t.get(`/api/customers/${customer.id}`);
    assert.equal(reply.status, 200);
    assert.equal(reply.body.name, customer.name);
    const missing = await t.get('/api/customers/999999');
    assert.equal(missing.status, 404);
    assert.equal(missing.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal(missing.body.status, 404);
  });

  test('rejects a duplicate email, case-insensitively, with 409 and stores nothing', async () => {
    const email = `${unique().toLowerCase()}@example.com`;
    await createCustomer(t, { email });
    const before = await snapshot(t);
    const reply = await t.post('/api/customers', { name: 'Someone Else', email: email.toUpperCase() });
    assert.equal(reply.status, 409);
    assert.equal(reply.body.code, 'duplicate');
    assert.deepEqual(reply.body.errors, [{ path: '/email', message: reply.body.detail }]);
    assert.deepEqual(await snapshot(t), before);
  });

  test('lets any number of customers have no email', async () => {
    await createCustomer(t, { email: null });
    await createCustomer(t, { email: '' });
    const third = await t.post('/api/customers', { name: 'No Email' });
    assert.equal(third.status, 201);
    assert.equal(third.body.email, null);
  });

  for (const [field, value, path] of [
    ['name', '', '/name'],
    ['name', '   ', '/name'],
    ['name', 'x'.repeat(121), '/name'],
    ['email', 'not-an-email', '/email'],
    ['email', `${'a'.repeat(250)}@b.co`, '/email'],
    ['phone', 'call me', '/phone'],
    ['phone', '12', '/phone'],
    ['phone', '1'.repeat(33), '/phone'],
    ['address', 'x'.repeat(501), '/address'],
    ['notes', 'x'.repeat(2001), '/notes'],
    ['name', 42, '/name'],
    ['id', 5, '/id'],
    ['createdAt', '2026-01-01T00:00:00Z', '/createdAt'],
    ['nickname', 'Bud', '/nickname'],
  ] as const) {
    test(`rejects ${field}=${JSON.stringify(value).slice(0, 20)} with 400 naming ${path}`, async () => {
      const before = await snapshot(t);
      const reply = await t.post('/api/customers', { name: 'Valid Name', [field]: value });
      assert.equal(reply.status, 400);
      assert.equal(reply.body.code, 'validation');
      assert.ok(
        reply.body.errors.some((e: { path: string }) => e.path === path),
        JSON.stringify(reply.body.errors),
      );
      assert.deepEqual(await snapshot(t), before);
    });
  }

  test('requires a name', async () => {
    const reply = await t.post('/api/customers', { email: 'x@example.com' });
    assert.equal(reply.status, 400);
    assert.deepEqual(reply.body.errors, [{ path: '/name', message: 'is required' }]);
  });

  test('names read-only fields as read-only', async () => {
    const reply = await t.post('/api/customers', { name: 'A', id: 1, updatedAt: 'x' });
    assert.equal(reply.status, 400);
    assert.deepEqual(
      reply.body.errors.map((e: { path: string; message: string }) => `${e.path} ${e.message}`).sort(),
      ['/id is read-only', '/updatedAt is read-only'],
    );
  });

  test('PUT replaces the whole customer: omitted optional fields become null', async () => {
    const customer = await createCustomer(t, { phone: '+62 812 3456', notes: 'VIP' });
    const reply = await t.put(`/api/customers/${customer.id}`, { name: 'Renamed' });
    assert.equal(reply.status, 200);
    assert.equal(reply.body.name, 'Renamed');
    assert.equal(reply.body.email, null);
    assert.equal(reply.body.phone, null);
    assert.equal(reply.body.notes, null);
    assert.ok(reply.body.updatedAt >= reply.body.createdAt);
  });

  test('PUT requires the required fields and changes nothing without them', async () => {
    const customer = await createCustomer(t);
    const reply = await t.put(`/api/customers/${customer.id}`, { email: 'new@example.com' });
    assert.equal(reply.status, 400);
    assert.equal((await t.get(`/api/customers/${customer.id}`)).body.email, customer.email);
  });

  test('PATCH changes only the fields sent', async () => {
    const customer = await createCustomer(t, { phone: '0812 3456 789' });
    const reply = await t.patch(`/api/customers/${customer.id}`, { notes: 'Prefers WhatsApp' });
    assert.equal(reply.status, 200);
    assert.equal(reply.body.notes, 'Prefers WhatsApp');
    assert.equal(reply.body.phone, '0812 3456 789');
    assert.equal(reply.body.email, customer.email);
  });

  test('PATCH cannot null a required field, nor take a duplicate email', async () => {
    const a = await createCustomer(t);
    const b = await createCustomer(t);
    assert.equal((await t.patch(`/api/customers/${a.id}`, { name: null })).status, 400);
    const dup = await t.patch(`/api/customers/${a.id}`, { email: b.email!.toUpperCase() });
    assert.equal(dup.status, 409);
    assert.equal((await t.get(`/api/customers/${a.id}`)).body.email, a.email);
  });

  test('PUT and PATCH of a missing customer are 404', async () => {
    assert.equal((await t.put('/api/customers/999999', { name: 'X' })).status, 404);
    assert.equal((await t.patch('/api/customers/999999', { name: 'X' })).status, 404);
  });

  test('DELETE removes a customer with no vehicles: 204, then 404', async () => {
    const customer = await createCustomer(t);
    const reply = await t.delete(`/api/customers/${customer.id}`);
    assert.equal(reply.status, 204);
    assert.equal(reply.body, '');
    assert.equal((await t.get(`/api/customers/${customer.id}`)).status, 404);
    assert.equal((await t.delete(`/api/customers/${customer.id}`)).status, 404);
  });

  test('DELETE of a customer who owns vehicles is 409 and deletes nothing', async () => {
    const customer = await createCustomer(t);
    await createVehicle(t, customer.id);
    const before = await snapshot(t);
    const reply = await t.delete(`/api/customers/${customer.id}`);
    assert.equal(reply.status, 409);
    assert.equal(reply.body.code, 'has_dependants');
    assert.match(reply.body.detail, /vehicles/);
    assert.deepEqual(await snapshot(t), before);
  });

  test('ids that are not positive integers are 400', async () => {
    for (const id of ['abc', '0', '-1', '1.5', '99999999999', '1e3']) {
      const reply = await t.get(`/api/customers/${id}`);
      assert.equal(reply.status, 400, id);
      assert.equal(reply.body.errors[0].path, '/id');
    }
  });

  test('lists the vehicles of a customer, and 404 for a customer that does not exist', async () => {
    const owner = await createCustomer(t);
    const other = await createCustomer(t);
    const mine = await createVehicle(t, owner.id);
    await createVehicle(t, other.id);
    const reply = await t.get(`/api/customers/${owner.id}/vehicles`);
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.body.items.map((v: { id: number }) => v.id), [mine.id]);
    assert.equal(reply.body.total, 1);
    const none = await t.get(`/api/customers/${(await createCustomer(t)).id}/vehicles`);
    assert.deepEqual(none.body, { items: [], total: 0, limit: 50, offset: 0 });
    assert.equal((await t.get('/api/customers/999999/vehicles')).status, 404);
  });
});
