// API tokens: owners make them (shown once), list them without their secrets, and revoke them; a
// token works as `Authorization: Bearer …` with its own role, until revoked, expired, or its
// maker is deactivated.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { OWNER as owner, startApp, toReply, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let session: string;
before(async () => {
  t = await startApp();
  const login = await t.anonymous.inject({ method: 'POST', url: '/api/auth/login', payload: { email: owner.email, password: owner.password } });
  session = login.cookies.find((c) => c.name === 'bengkel_session')!.value;
});
after(() => t.close());

type Credentials = { session?: string; token?: string };
const send = async (method: 'GET' | 'POST' | 'DELETE', url: string, as: Credentials, payload?: object) =>
  toReply(
    await t.anonymous.inject({
      method,
      url,
      ...(payload ? { payload } : {}),
      // A session's writes as a browser sends them from Bengkel's own page.
      ...(as.session ? { cookies: { bengkel_session: as.session }, headers: { 'sec-fetch-site': 'same-origin' } } : {}),
      ...(as.token ? { headers: { authorization: `Bearer ${as.token}` } } : {}),
    }),
  );

describe('API tokens', () => {
  test('an owner makes a token, shown once; the list never shows it', async () => {
    const made = await send('POST', '/api/tokens', { session }, { name: 'load tests', role: 'frontdesk' });
    assert.equal(made.status, 201);
    assert.match(made.body.token, /^bk_[A-Za-z0-9_-]{43}$/);
    assert.equal(made.body.role, 'frontdesk');
    const list = await send('GET', '/api/tokens', { session });
    assert.equal(list.status, 200);
    const listed = list.body.items.find((item: { id: number }) => item.id === made.body.id);
    assert.equal(listed.name, 'load tests');
    assert.doesNotMatch(JSON.stringify(list.body), /bk_|token_hash|tokenHash/);
  });

  test('without credentials the token routes are 401 with WWW-Authenticate; a made-up token too', async () => {
    for (const as of [{}, { token: 'bk_made-up' }, { token: 'not-even-ours' }, { session: 'made-up' }]) {
      const reply = await send('GET', '/api/tokens', as);
      assert.equal(reply.status, 401, JSON.stringify(as));
      assert.match(String(reply.headers['www-authenticate']), /^Bearer/);
    }
  });

  test("a token acts with its own role: an owner token may manage tokens, a frontdesk token may not (403)", async () => {
    const ownerToken = (await send('POST', '/api/tokens', { session }, { name: 'automation', role: 'owner' })).body.token as string;
    const deskToken = (await send('POST', '/api/tokens', { session }, { name: 'counter', role: 'frontdesk' })).body.token as string;
    assert.equal((await send('GET', '/api/tokens', { token: ownerToken })).status, 200);
    const made = await send('POST', '/api/tokens', { token: ownerToken }, { name: 'made by a token', role: 'mechanic' });
    assert.equal(made.status, 201);
    const forbidden = await send('GET', '/api/tokens', { token: deskToken });
    assert.equal(forbidden.status, 403);
    assert.equal(forbidden.body.code, 'forbidden');
    assert.equal((await send('POST', '/api/tokens', { token: deskToken }, { name: 'escalate', role: 'owner' })).status, 403, 'no token makes a stronger one');
  });

  test('a revoked token stops working at once; revoking it again is 404', async () => {
    const made = (await send('POST', '/api/tokens', { session }, { name: 'short-lived', role: 'owner' })).body;
    assert.equal((await send('GET', '/api/tokens', { token: made.token })).status, 200);
    assert.equal((await send('DELETE', `/api/tokens/${made.id}`, { session })).status, 204);
    assert.equal((await send('GET', '/api/tokens', { token: made.token })).status, 401);
    assert.equal((await send('DELETE', `/api/tokens/${made.id}`, { session })).status, 404);
  });

  test('bad input is 400 and makes nothing: no name, an unknown role, an expiry in the past, unknown fields', async () => {
    const before = (await send('GET', '/api/tokens', { session })).body.total as number;
    for (const body of [
      { role: 'owner' },
      { name: 'x', role: 'admin' },
      { name: 'x', role: 'owner', expiresAt: '2020-01-01T00:00:00Z' },
      { name: 'x', role: 'owner', expiresAt: 'tomorrow' },
      { name: 'x', role: 'owner', tokenHash: 'abc' },
    ]) {
      assert.equal((await send('POST', '/api/tokens', { session }, body)).status, 400, JSON.stringify(body));
    }
    assert.equal((await send('GET', '/api/tokens', { session })).body.total, before);
  });

  test('a token with an expiry works until then', async () => {
    const soon = new Date(Date.now() + 1500).toISOString();
    const made = (await send('POST', '/api/tokens', { session }, { name: 'expiring', role: 'owner', expiresAt: soon })).body;
    assert.equal(made.expiresAt, soon);
    assert.equal((await send('GET', '/api/tokens', { token: made.token })).status, 200);
    await new Promise((resolve) => setTimeout(resolve, 1600));
    assert.equal((await send('GET', '/api/tokens', { token: made.token })).status, 401);
  });
});
