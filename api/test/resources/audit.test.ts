// GET /api/audit for owners: who changed what, when, from where — every change made through the
// API as the person or token that made it, with field names as the API spells them, filtered by
// record, person, action and time, and never a secret.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { OWNER, startApp, type TestApp } from '../helpers/app.ts';
import { createCustomer } from '../helpers/data.ts';

let t: TestApp;
before(async () => {
  t = await startApp();
});
after(() => t.close());

type Entry = { id: number; at: string; actor: { type: string; id: number | null; name: string | null }; action: string; entity: string; entityId: number | null; changes: Record<string, [unknown, unknown]>; requestId: string | null; ip: string | null };
const audit = async (query = '') => (await t.get(`/api/audit${query}`)).body as { items: Entry[]; total: number; limit: number; offset: number };

describe('the audit log, read by owners', () => {
  test("a record's history: each change by whom, with the API's field names, newest first", async () => {
    const customer = await createCustomer(t, { name: 'Wati', phone: '0812 1111 2222' });
    await t.patch(`/api/customers/${customer.id}`, { phone: '0813 3333 4444', notes: 'VIP' });
    const page = await audit(`?entity=customer&entityId=${customer.id}`);
    assert.deepEqual(Object.keys(page).sort(), ['items', 'limit', 'offset', 'total']);
    assert.equal(page.total, 2);
    assert.deepEqual(page.items.map((e) => e.action), ['update', 'insert']);
    const [update] = page.items;
    assert.deepEqual(update!.changes, { phone: ['0812 1111 2222', '0813 3333 4444'], notes: [null, 'VIP'] });
    assert.equal(update!.actor.type, 'user');
    assert.equal(update!.actor.name, OWNER.name);
    assert.equal(update!.ip, '127.0.0.1');
    assert.ok(update!.requestId);
    assert.ok(!Number.isNaN(Date.parse(update!.at)));
  });

  test('a change made with a token is the token\'s, and filters by actor and action find it', async () => {
    const desk = await t.as('frontdesk');
    const made = await desk.post('/api/customers', { name: 'Made By Token' });
    assert.equal(made.status, 201);
    const entry = (await audit(`?entity=customer&entityId=${made.body.id}`)).items[0]!;
    assert.deepEqual([entry.actor.type, entry.actor.name], ['token', 'tests as frontdesk']);
    const byActor = await audit(`?actorType=token&actorId=${entry.actor.id}&action=insert`);
    assert.ok(byActor.items.every((e) => e.actor.type === 'token' && e.actor.id === entry.actor.id && e.action === 'insert'));
    assert.ok(byActor.items.some((e) => e.entityId === made.body.id));
  });

  test('sign-ins, users and tokens are in it too, never with a password, hash or token', async () => {
    await t.post('/api/users', { name: 'Rina', email: 'rina@bengkel.test', role: 'frontdesk', password: 'meja-depan-2026' });
    await t.anonymous.post('/api/auth/login', { email: 'rina@bengkel.test', password: 'wrong-password-1' });
    const made = await t.post('/api/tokens', { name: 'script', role: 'mechanic' });
    const everything = JSON.stringify(await audit('?limit=200'));
    for (const secret of ['meja-depan-2026', 'wrong-password-1', 'scrypt$', made.body.token]) assert.ok(!everything.includes(secret), secret);
    assert.equal((await audit('?action=login_failed')).items[0]!.changes.email![1], 'rina@bengkel.test');
    assert.ok((await audit('?entity=token&action=insert')).items.some((e) => e.entityId === made.body.id));
    assert.ok((await audit('?action=login')).total >= 1, 'the test app\'s own sign-in');
  });

  test('a time window: from and to (a date alone is that whole day); from after to is 400', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const all = await audit('?limit=200');
    assert.equal((await audit(`?from=${today}&to=${today}&limit=200`)).total, all.total);
    assert.equal((await audit('?to=2000-01-01')).total, 0);
    const later = await t.get(`/api/audit?from=${today}&to=2000-01-01`);
    assert.equal(later.status, 400);
    assert.equal(later.body.errors[0].path, '/from');
    for (const bad of ['?entity=receipt', '?action=hack', '?entityId=0', '?limit=500', '?unknown=1']) assert.equal((await t.get(`/api/audit${bad}`)).status, 400, bad);
  });

  test('no route edits or deletes an entry', async () => {
    const entry = (await audit()).items[0]!;
    for (const method of ['PUT', 'PATCH', 'DELETE'] as const) {
      const response = await t.inject({ method, url: `/api/audit/${entry.id}`, ...(method === 'DELETE' ? {} : { payload: {} }) });
      assert.equal(response.statusCode, 404, method);
    }
    assert.equal((await t.inject({ method: 'DELETE', url: '/api/audit' })).statusCode, 404);
  });
});
