import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { OWNER as owner, startApp, type TestApp } from '../helpers/app.ts';

// The first run's tests start with no user at all.
const NO_ADMIN = { ADMIN_EMAIL: '', ADMIN_PASSWORD: '' };

let t: TestApp;
before(async () => {
  t = await startApp(NO_ADMIN);
});
after(() => t.close());

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
    const fresh = await startApp(NO_ADMIN);
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

describe('users, for owners', () => {
  let app: TestApp;
  let cookie: string;
  const as = async (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, session = cookie) => {
    const response = await app.anonymous.inject({ method, url, ...(payload ? { payload } : {}), cookies: { bengkel_session: session }, headers: { 'sec-fetch-site': 'same-origin' } });
    return { status: response.statusCode, body: response.body ? response.json() : undefined };
  };
  const signIn = async (email: string, password: string) =>
    (await app.anonymous.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } })).cookies.find((c) => c.name === 'bengkel_session')?.value;

  before(async () => {
    app = await startApp();
    cookie = (await signIn(owner.email, owner.password))!;
  });
  after(() => app.close());

  test('an owner adds staff with roles; a duplicate email is 409; no answer holds a password', async () => {
    const desk = await as('POST', '/api/users', { name: 'Rina', email: 'rina@bengkel.test', role: 'frontdesk', password: 'meja-depan-2026' });
    assert.equal(desk.status, 201);
    assert.equal(desk.body.role, 'frontdesk');
    const again = await as('POST', '/api/users', { name: 'Rina 2', email: 'RINA@bengkel.test', role: 'mechanic', password: 'meja-depan-2026' });
    assert.equal(again.status, 409);
    const list = await as('GET', '/api/users');
    assert.deepEqual(list.body.items.map((u: { email: string }) => u.email), [owner.email, 'rina@bengkel.test']);
    assert.doesNotMatch(JSON.stringify(list.body), /scrypt|password/i);
    assert.ok(await signIn('rina@bengkel.test', 'meja-depan-2026'), 'the new user signs in');
  });

  test('only owners manage users: 401 without a session, 403 for other roles', async () => {
    await as('POST', '/api/users', { name: 'Agus', email: 'agus@bengkel.test', role: 'mechanic', password: 'kunci-bengkel-agus' });
    const mechanic = (await signIn('agus@bengkel.test', 'kunci-bengkel-agus'))!;
    assert.equal((await app.anonymous.inject({ method: 'GET', url: '/api/users' })).statusCode, 401);
    assert.equal((await as('GET', '/api/users', undefined, mechanic)).status, 403);
    const me = (await app.anonymous.inject({ method: 'GET', url: '/api/auth/me', cookies: { bengkel_session: mechanic } })).json().user;
    assert.equal((await as('PATCH', `/api/users/${me.id}`, { role: 'owner' }, mechanic)).status, 403, 'no one raises their own role');
  });

  test('a deactivated user is signed out at once and cannot sign in; a new password replaces the old', async () => {
    const made = await as('POST', '/api/users', { name: 'Eko', email: 'eko@bengkel.test', role: 'frontdesk', password: 'kunci-bengkel-eko1' });
    const eko = (await signIn('eko@bengkel.test', 'kunci-bengkel-eko1'))!;
    assert.equal((await as('PATCH', `/api/users/${made.body.id}`, { password: 'kunci-bengkel-eko2' })).status, 200);
    assert.equal(await signIn('eko@bengkel.test', 'kunci-bengkel-eko1'), undefined, 'the old password no longer works');
    assert.ok(await signIn('eko@bengkel.test', 'kunci-bengkel-eko2'));
    assert.equal((await as('PATCH', `/api/users/${made.body.id}`, { active: false })).body.active, false);
    assert.equal((await app.anonymous.inject({ method: 'GET', url: '/api/auth/me', cookies: { bengkel_session: eko } })).statusCode, 401);
    assert.equal(await signIn('eko@bengkel.test', 'kunci-bengkel-eko2'), undefined);
  });

  test('the last active owner cannot be demoted, deactivated or deleted (409); with a second owner they can', async () => {
    const me = (await as('GET', '/api/users')).body.items.find((u: { email: string }) => u.email === owner.email);
    for (const [method, payload] of [['PATCH', { role: 'frontdesk' }], ['PATCH', { active: false }], ['DELETE', undefined]] as const) {
      const refused = await as(method, `/api/users/${me.id}`, payload);
      assert.equal(refused.status, 409, `${method} ${JSON.stringify(payload)}`);
      assert.match(refused.body.detail, /active owner/);
    }
    assert.equal((await as('GET', `/api/users/${me.id}`)).body.role, 'owner', 'nothing changed');
    const second = await as('POST', '/api/users', { name: 'Siti', email: 'siti@bengkel.test', role: 'owner', password: 'kunci-bengkel-siti' });
    assert.equal((await as('PATCH', `/api/users/${second.body.id}`, { role: 'frontdesk' })).status, 200, 'another owner remains');
    assert.equal((await as('PATCH', `/api/users/${second.body.id}`, { role: 'owner' })).status, 200);
    assert.equal((await as('DELETE', `/api/users/${second.body.id}`)).status, 204);
    assert.equal((await as('GET', `/api/users/${second.body.id}`)).status, 404);
  });

  test('two owners demoting each other at once: exactly one wins, and an owner remains', async () => {
    for (let round = 0; round < 5; round++) {
      const made = await Promise.all(
        ['a', 'b'].map(async (who) => {
          const email = `${who}${round}@bengkel.test`;
          const user = (await as('POST', '/api/users', { name: `${who}${round}`, email, role: 'owner', password: 'kunci-bengkel-race' })).body;
          return { id: user.id as number, session: (await signIn(email, 'kunci-bengkel-race'))! };
        }),
      );
      const [a, b] = made as [{ id: number; session: string }, { id: number; session: string }];
      // A makes every other owner step down, so A and B are the only owners.
      for (const user of (await as('GET', '/api/users', undefined, a.session)).body.items as Array<{ id: number; role: string }>) {
        if (user.role === 'owner' && user.id !== a.id && user.id !== b.id) assert.equal((await as('PATCH', `/api/users/${user.id}`, { role: 'frontdesk' }, a.session)).status, 200);
      }
      const [first, second] = await Promise.all([as('PATCH', `/api/users/${b.id}`, { role: 'mechanic' }, a.session), as('PATCH', `/api/users/${a.id}`, { role: 'mechanic' }, b.session)]);
      // The loser is refused either by PostgreSQL (409: it would leave no owner) or, when the winner
      // finished first, at the door (403: the loser is no longer an owner). Never both succeed.
      assert.equal([first, second].filter((reply) => reply.status === 200).length, 1, `round ${round}`);
      assert.ok([first.status, second.status].every((status) => [200, 403, 409].includes(status)), `round ${round}: ${first.status} ${second.status}`);
      const owners = (await as('GET', '/api/users', undefined, first.status === 200 ? a.session : b.session)).body.items.filter(
        (u: { role: string; active: boolean }) => u.role === 'owner' && u.active,
      );
      assert.equal(owners.length, 1, `round ${round}: one owner left`);
      cookie = first.status === 200 ? a.session : b.session;
    }
  });

  test('bad input is 400 and changes nothing', async () => {
    for (const body of [
      { name: 'X', email: 'x@bengkel.test', role: 'admin', password: 'long-enough-pass' },
      { name: 'X', email: 'x@bengkel.test', role: 'mechanic', password: 'short' },
      { name: 'X', email: 'x@bengkel.test', role: 'mechanic', password: 'long-enough-pass', passwordHash: 'x' },
    ]) {
      assert.equal((await as('POST', '/api/users', body)).status, 400, JSON.stringify(body));
    }
    assert.equal((await as('PATCH', '/api/users/1', {})).status, 400, 'an empty change');
    assert.equal((await as('GET', '/api/users')).body.items.some((u: { email: string }) => u.email === 'x@bengkel.test'), false);
  });
});
