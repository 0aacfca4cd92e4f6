// Signing in and out: the session on the server, its cookie, the same answer for a wrong password
// and an unknown email, sessions that end (sign-out, deactivation, idleness), and throttling.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { OWNER as owner, signIn, withOwnerApp } from '../helpers/accounts.ts';
import { startApp, toReply, type TestApp } from '../helpers/app.ts';

let t: TestApp;
before(async () => {
  t = await startApp();
});
after(() => t.close());

const me = async (app: TestApp, secret: string | undefined) =>
  toReply(await app.anonymous.inject({ method: 'GET', url: '/api/auth/me', ...(secret ? { cookies: { bengkel_session: secret } } : {}) }));

describe('signing in', () => {
  test('a wrong password and an unknown email get the same 401, and no cookie', async () => {
    const wrong = await signIn(t, owner.email, 'not-the-password');
    const unknown = await signIn(t, 'nobody@bengkel.test', owner.password);
    for (const attempt of [wrong, unknown]) {
      assert.equal(attempt.reply.status, 401);
      assert.equal(attempt.cookie, undefined);
    }
    assert.deepEqual(wrong.reply.body, unknown.reply.body);
  });

  test('the right password answers the user and sets an HttpOnly, SameSite=Strict session cookie', async () => {
    const { reply, cookie, setCookie } = await signIn(t, owner.email.toUpperCase(), owner.password);
    assert.equal(reply.status, 200);
    assert.equal(reply.body.user.email, owner.email);
    assert.equal(reply.body.user.role, 'owner');
    assert.ok(reply.body.user.lastLoginAt, 'the sign-in is noted');
    assert.equal(reply.body.user.passwordHash, undefined);
    assert.ok(cookie && cookie.value.length >= 43);
    assert.match(setCookie, /HttpOnly/);
    assert.match(setCookie, /SameSite=Strict/);
    assert.match(setCookie, /Path=\//);
    assert.doesNotMatch(setCookie, /Secure/, 'not over plain HTTP');
    assert.equal((await me(t, cookie.value)).body.user.email, owner.email);
  });

  test('each sign-in gets a new session id', async () => {
    const first = await signIn(t, owner.email, owner.password);
    const second = await signIn(t, owner.email, owner.password);
    assert.notEqual(first.cookie!.value, second.cookie!.value);
    assert.equal((await me(t, first.cookie!.value)).status, 200);
    assert.equal((await me(t, second.cookie!.value)).status, 200);
  });

  test('without a session, who-am-I is 401 with WWW-Authenticate', async () => {
    const reply = await me(t, undefined);
    assert.equal(reply.status, 401);
    assert.equal(reply.headers['www-authenticate'], 'Bearer');
    assert.equal((await me(t, 'made-up-session-id')).status, 401);
  });
});

describe('a session ends', () => {
  test('at sign-out, on the server: the old cookie no longer works', async () => {
    const { cookie } = await signIn(t, owner.email, owner.password);
    const out = await t.anonymous.inject({ method: 'POST', url: '/api/auth/logout', cookies: { bengkel_session: cookie!.value }, headers: { 'sec-fetch-site': 'same-origin' } });
    assert.equal(out.statusCode, 204);
    assert.match(String(out.headers['set-cookie']), /bengkel_session=;/);
    assert.equal((await me(t, cookie!.value)).status, 401);
  });

});

const metric = async (app: TestApp, result: string) => {
  const text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
  return Number(new RegExp(`^auth_logins_total\\{result="${result}"\\} (\\d+)`, 'm').exec(text)?.[1]);
};

describe('auth_logins_total', () => {
  test('counts successes, failures and throttled attempts', async () => {
    await withOwnerApp(async (app) => {
      // The test app's own sign-in is the one success so far; the other results are there at 0.
      assert.deepEqual([await metric(app, 'success'), await metric(app, 'failure'), await metric(app, 'throttled')], [1, 0, 0], 'every result from the start');
      await signIn(app, owner.email, owner.password);
      for (let i = 0; i < 10; i++) await signIn(app, owner.email, 'wrong-password', '10.9.9.9');
      await signIn(app, owner.email, owner.password, '10.9.9.9');
      assert.deepEqual([await metric(app, 'success'), await metric(app, 'failure'), await metric(app, 'throttled')], [2, 10, 1]);
    });
  });
});

describe('throttling', () => {
  test('after 10 failures for one email, even the right password gets 429 with Retry-After; other emails are not held', async () => {
    await withOwnerApp(async (app) => {
      for (let i = 0; i < 10; i++) assert.equal((await signIn(app, owner.email, `wrong-${i}`, `10.0.0.${i + 1}`)).reply.status, 401);
      const held = await signIn(app, owner.email, owner.password, '10.0.1.1');
      assert.equal(held.reply.status, 429);
      const retryAfter = Number(held.reply.headers['retry-after']);
      assert.ok(retryAfter > 0 && retryAfter <= 15 * 60, `Retry-After ${retryAfter}`);
      assert.equal(held.cookie, undefined);
      assert.equal((await signIn(app, 'someone-else@bengkel.test', 'whatever-1234', '10.0.1.2')).reply.status, 401, 'another email is still answered');
    });
  });

  test('after 10 failures from one address, that address is held whatever the email', async () => {
    await withOwnerApp(async (app) => {
      for (let i = 0; i < 10; i++) assert.equal((await signIn(app, `guess${i}@bengkel.test`, 'wrong-password', '192.168.7.7')).reply.status, 401);
      assert.equal((await signIn(app, owner.email, owner.password, '192.168.7.7')).reply.status, 429);
      assert.equal((await signIn(app, owner.email, owner.password, '192.168.7.8')).reply.status, 200, 'another address signs in');
    });
  });
});
