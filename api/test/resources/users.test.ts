import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
before(async () => {
  t = await startApp();
});
after(() => t.close());

const owner = { name: 'Dewi Lestari', email: 'dewi@bengkel.test', password: 'kunci-bengkel-2026' };

describe('the first run', () => {
  test('bad input gets 400 naming the field and creates no one', async () => {
    for (const [body, path] of [
      [{ ...owner, password: 'short-pass' }, '/password'],
      [{ ...owner, password: 'x'.repeat(257) }, '/password'],
      [{ ...owner, email: 'not-an-email' }, '/email'],
      [{ ...owner, name: '' }, '/name'],
      [{ ...owner, role: 'mechanic' }, '/role'],
      [{ name: owner.name, email: owner.email }, '/password'],
    ] as const) {
      const reply = await t.post('/api/setup', body);
      assert.equal(reply.status, 400, JSON.stringify(body).slice(0, 80));
      assert.equal(reply.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.ok(reply.body.errors.some((e: { path: string }) => e.path === path), `${path}: ${JSON.stringify(reply.body.errors)}`);
    }
    assert.deepEqual((await t.get('/api/setup')).body, { needed: true });
  });

  test('while no user exists, setup creates the owner, answering without any password or hash', async () => {
    assert.deepEqual((await t.get('/api/setup')).body, { needed: true });
    const reply = await t.post('/api/setup', owner);
    assert.equal(reply.status, 201);
    assert.deepEqual(
      { name: reply.body.name, email: reply.body.email, role: reply.body.role, active: reply.body.active, lastLoginAt: reply.body.lastLoginAt },
      { name: owner.name, email: owner.email, role: 'owner', active: true, lastLoginAt: null },
    );
    assert.deepEqual(Object.keys(reply.body).sort(), ['active', 'createdAt', 'email', 'id', 'lastLoginAt', 'name', 'role', 'updatedAt']);
    assert.doesNotMatch(JSON.stringify(reply.body), /scrypt|kunci/);
    assert.deepEqual((await t.get('/api/setup')).body, { needed: false });
  });

  test('once someone exists, setup is 409 and creates no one else', async () => {
    const again = await t.post('/api/setup', { ...owner, email: 'intruder@bengkel.test' });
    assert.equal(again.status, 409);
    assert.equal(again.body.code, 'already_set_up');
  });
});

describe('two first runs at once', () => {
  test('make exactly one owner', async () => {
    const fresh = await startApp();
    try {
      const replies = await Promise.all(
        Array.from({ length: 6 }, (_, i) => fresh.post('/api/setup', { ...owner, email: `owner${i}@bengkel.test` })),
      );
      assert.deepEqual(replies.map((r) => r.status).sort(), [201, 409, 409, 409, 409, 409]);
    } finally {
      await fresh.close();
    }
  });
});
