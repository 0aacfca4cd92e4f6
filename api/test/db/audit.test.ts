// The audit log, as PostgreSQL keeps it (migration 0007): every change to an audited table writes
// its entry in the same transaction, whatever made the change, with who (from the transaction's
// settings, else `system`), what and the fields before and after; and the log refuses to be
// changed or emptied, even by the database's owner.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { customers } from '../../src/db/schema.ts';
import { OWNER, startApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let client: pg.Client;
before(async () => {
  t = await startApp();
  client = new pg.Client({ connectionString: t.fresh.url! });
  await client.connect();
});
after(async () => {
  await client?.end();
  await t?.close();
});

interface Entry {
  actor_type: string;
  actor_id: number | null;
  actor_name: string | null;
  action: string;
  entity: string;
  entity_id: string;
  changes: Record<string, [unknown, unknown]>;
  request_id: string | null;
  ip: string | null;
}

const entries = async (entity: string, id: number): Promise<Entry[]> =>
  (await client.query<Entry>('select * from audit_log where entity = $1 and entity_id = $2 order by id', [entity, id])).rows;

describe('the audit log', () => {
  test('a create, an update and a delete through the API each leave an entry with the fields that changed', async () => {
    const created = await t.post('/api/customers', { name: 'Budi Santoso', phone: '0812 1111 2222' });
    assert.equal(created.status, 201);
    const id = created.body.id as number;
    assert.equal((await t.patch(`/api/customers/${id}`, { phone: '0813 3333 4444' })).status, 200);
    assert.equal((await t.patch(`/api/customers/${id}`, { phone: '0813 3333 4444' })).status, 200, 'the same value again');
    assert.equal((await t.delete(`/api/customers/${id}`)).status, 204);
    const log = await entries('customer', id);
    assert.deepEqual(
      log.map((e) => e.action),
      ['insert', 'update', 'delete'],
      'an update that changes nothing is no entry',
    );
    assert.deepEqual(log[0]!.changes.name, [null, 'Budi Santoso']);
    assert.deepEqual(log[1]!.changes, { phone: ['0812 1111 2222', '0813 3333 4444'] }, 'only what changed; no timestamps');
    assert.deepEqual(log[2]!.changes.phone, ['0813 3333 4444', null]);
    for (const entry of log) {
      assert.deepEqual([entry.actor_type, entry.actor_name, entry.ip], ['user', OWNER.name, '127.0.0.1'], 'the signed-in owner, from her address');
      assert.match(entry.request_id ?? '', /^[\w-]{8,}$/, "the request's id, as its log line has it");
    }
    assert.equal(new Set(log.map((e) => e.request_id)).size, 3, 'each request its own');
  });

  test("a service's status move is a status entry, and a delete the database refuses leaves none", async () => {
    const owner = (await t.post('/api/customers', { name: 'Siti Rahayu' })).body.id as number;
    const vehicle = (await t.post('/api/vehicles', { customerId: owner, plateNumber: 'D 1234 ABC', make: 'Honda', model: 'Jazz' })).body.id as number;
    const service = (await t.post('/api/services', { vehicleId: vehicle, description: 'Ganti oli' })).body.id as number;
    assert.equal((await t.patch(`/api/services/${service}`, { status: 'in_progress' })).status, 200);
    assert.deepEqual((await entries('service', service)).map((e) => e.action), ['insert', 'status']);
    assert.deepEqual((await entries('service', service))[1]!.changes.status, ['scheduled', 'in_progress']);
    assert.equal((await t.delete(`/api/customers/${owner}`)).status, 409, 'a customer with vehicles stays');
    assert.deepEqual((await entries('customer', owner)).map((e) => e.action), ['insert']);
  });

  test("who made a change is read from the transaction's settings, with its request and address", async () => {
    await client.query('begin');
    await client.query("select set_config('bengkel.actor', $1, true), set_config('bengkel.request_id', 'req-42', true), set_config('bengkel.ip', '192.168.1.20', true)", [
      JSON.stringify({ type: 'user', id: 7, name: 'Dewi' }),
    ]);
    const { rows } = await client.query<{ id: number }>("insert into customers (name) values ('Agus Wijaya') returning id");
    await client.query('commit');
    const [entry] = await entries('customer', rows[0]!.id);
    assert.deepEqual(
      { type: entry!.actor_type, id: entry!.actor_id, name: entry!.actor_name, request: entry!.request_id, ip: entry!.ip },
      { type: 'user', id: 7, name: 'Dewi', request: 'req-42', ip: '192.168.1.20' },
    );
    // The settings were the transaction's own: the next change is the system's again.
    const next = await client.query<{ id: number }>("insert into customers (name) values ('Eko Prasetyo') returning id");
    assert.equal((await entries('customer', next.rows[0]!.id))[0]!.actor_type, 'system');
  });

  test("writes made inside the data layer's actAs are recorded as the actor's; reads and other writes are not", async () => {
    const database = t.app.database;
    const actor = { type: 'token' as const, id: 12, name: 'Importer', requestId: 'req-7', ip: '10.0.0.5' };
    const id = await database.actAs(actor, async () => {
      const [row] = await database.run('insert', 'customers', (db) => db.insert(customers).values({ name: 'Joko Susilo' }).returning({ id: customers.id }));
      // A read inside the same context needs no transaction and changes nothing.
      await database.run('select', 'customers', (db) => db.select().from(customers).limit(1));
      return row!.id;
    });
    const [entry] = await entries('customer', id);
    assert.deepEqual(
      { type: entry!.actor_type, id: entry!.actor_id, name: entry!.actor_name, request: entry!.request_id, ip: entry!.ip },
      { type: 'token', id: 12, name: 'Importer', request: 'req-7', ip: '10.0.0.5' },
    );
    const [outside] = await database.run('insert', 'customers', (db) => db.insert(customers).values({ name: 'Outside' }).returning({ id: customers.id }));
    assert.equal((await entries('customer', outside!.id))[0]!.actor_type, 'system', 'the context does not leak');
  });

  test('a change rolled back leaves no entry: the entry is part of the change', async () => {
    await client.query('begin');
    const { rows } = await client.query<{ id: number }>("insert into customers (name) values ('Rolled Back') returning id");
    await client.query('rollback');
    assert.deepEqual(await entries('customer', rows[0]!.id), []);
  });

  test("a user's password hash is never written to the log, only that it changed", async () => {
    const { rows } = await client.query<{ id: number }>(
      "insert into users (name, email, role, password_hash) values ('Ana', 'ana@bengkel.test', 'owner', 'scrypt$1$1$1$c2FsdA==$aGFzaA==') returning id",
    );
    await client.query("update users set password_hash = 'scrypt$1$1$1$bmV3$bmV3', last_login_at = now() where id = $1", [rows[0]!.id]);
    await client.query('update users set last_login_at = now() where id = $1', [rows[0]!.id]);
    const log = await entries('user', rows[0]!.id);
    assert.deepEqual(log.map((e) => e.action), ['insert', 'update'], 'a sign-in time alone is no change');
    assert.deepEqual(log[0]!.changes.password_hash, [null, '[hidden]']);
    assert.deepEqual(log[1]!.changes, { password_hash: ['[hidden]', '[hidden]'] });
    assert.doesNotMatch(JSON.stringify(log), /scrypt/);
  });

  test('the log refuses UPDATE, DELETE and TRUNCATE, even from the owner of the database', async () => {
    const before = (await client.query('select count(*)::int as n from audit_log')).rows[0].n as number;
    assert.ok(before > 0);
    await assert.rejects(client.query("update audit_log set actor_name = 'someone else'"), /append-only: UPDATE is refused/);
    await assert.rejects(client.query('delete from audit_log'), /append-only: DELETE is refused/);
    await assert.rejects(client.query('truncate audit_log'), /append-only: TRUNCATE is refused/);
    assert.equal((await client.query('select count(*)::int as n from audit_log')).rows[0].n, before);
  });
});
