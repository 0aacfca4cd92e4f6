// Sessions as PostgreSQL keeps them (runs on PostgreSQL only): only a digest of the cookie's id
// is stored, and a session ends when its user is deactivated or after 12 idle hours.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { OWNER as owner, signIn, sqlOn, withOwnerApp } from '../helpers/accounts.ts';
import { toReply, type TestApp } from '../helpers/app.ts';

const SAME_ORIGIN = { 'sec-fetch-site': 'same-origin' };

const me = async (app: TestApp, secret: string) => toReply(await app.anonymous.inject({ method: 'GET', url: '/api/auth/me', cookies: { bengkel_session: secret } }));

describe('sessions in PostgreSQL', () => {
  test('only the digest of a session id is stored', async () => {
    await withOwnerApp(async (app) => {
      const { cookie } = await signIn(app, owner.email, owner.password);
      const stored = (await sqlOn(app, 'select id_hash from sessions')).map((row) => row.id_hash as string);
      assert.ok(stored.includes(createHash('sha256').update(cookie!.value).digest('hex')));
      assert.ok(!stored.includes(cookie!.value));
    });
  });

  test('a session ends when its user is deactivated, and after 12 idle hours', async () => {
    await withOwnerApp(async (app) => {
      const idle = (await signIn(app, owner.email, owner.password)).cookie!.value;
      await sqlOn(app, "update sessions set last_seen_at = now() - interval '12 hours 1 minute' where id_hash = $1", [createHash('sha256').update(idle).digest('hex')]);
      assert.equal((await me(app, idle)).status, 401, 'idle too long');
      // A second owner, so that the first may be deactivated (Bengkel keeps an active owner).
      const ownerSession = (await signIn(app, owner.email, owner.password)).cookie!.value;
      await app.anonymous.inject({ method: 'POST', url: '/api/users', payload: { name: 'Siti', email: 'siti@bengkel.test', role: 'owner', password: 'kunci-bengkel-siti' }, cookies: { bengkel_session: ownerSession }, headers: SAME_ORIGIN });
      const live = (await signIn(app, owner.email, owner.password)).cookie!.value;
      assert.equal((await me(app, live)).status, 200);
      await sqlOn(app, 'update users set active = false where email = $1', [owner.email]);
      assert.equal((await me(app, live)).status, 401, 'deactivated: at once');
      assert.equal((await signIn(app, owner.email, owner.password)).reply.status, 401, 'and cannot sign in');
    });
  });

  test("a token stops working at once when the user who made it is deactivated", async () => {
    await withOwnerApp(async (app) => {
      const { cookie } = await signIn(app, owner.email, owner.password);
      const made = await app.anonymous.inject({ method: 'POST', url: '/api/tokens', payload: { name: 'script', role: 'frontdesk' }, cookies: { bengkel_session: cookie!.value }, headers: SAME_ORIGIN });
      const token = made.json().token as string;
      const ownerToken = (await app.anonymous.inject({ method: 'POST', url: '/api/tokens', payload: { name: 'admin', role: 'owner' }, cookies: { bengkel_session: cookie!.value }, headers: SAME_ORIGIN })).json().token as string;
      const list = () => app.anonymous.inject({ method: 'GET', url: '/api/tokens', headers: { authorization: `Bearer ${ownerToken}` } });
      assert.equal((await list()).statusCode, 200);
      const stored = (await sqlOn(app, 'select token_hash from api_tokens')).map((row) => row.token_hash as string);
      assert.ok(stored.includes(createHash('sha256').update(token).digest('hex')), 'only its digest is stored');
      assert.ok(!stored.includes(token));
      await app.anonymous.inject({ method: 'POST', url: '/api/users', payload: { name: 'Siti', email: 'siti@bengkel.test', role: 'owner', password: 'kunci-bengkel-siti' }, cookies: { bengkel_session: cookie!.value }, headers: SAME_ORIGIN });
      await sqlOn(app, 'update users set active = false where email = $1', [owner.email]);
      assert.equal((await list()).statusCode, 401);
    });
  });

  test('sign-ins and failed sign-ins are in the audit log, with the address, never the password', async () => {
    await withOwnerApp(async (app) => {
      await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: owner.email, password: 'a-wrong-password' }, remoteAddress: '10.1.2.3' });
      await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'nobody@bengkel.test', password: 'a-wrong-password' }, remoteAddress: '10.1.2.3' });
      await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: owner.email, password: owner.password }, remoteAddress: '10.1.2.4' });
      const log = await sqlOn(app, "select actor_type, actor_id, action, entity_id, changes, ip from audit_log where action like 'login%' and ip like '10.%' order by id");
      const [userId] = (await sqlOn(app, 'select id from users')).map((row) => row.id as number);
      assert.deepEqual(
        log.map((e) => [e.actor_type, e.action, e.entity_id === null ? null : Number(e.entity_id), e.ip]),
        [
          ['system', 'login_failed', userId, '10.1.2.3'],
          ['system', 'login_failed', null, '10.1.2.3'],
          ['user', 'login', userId, '10.1.2.4'],
        ],
      );
      assert.deepEqual(log[1]!.changes, { email: [null, 'nobody@bengkel.test'] });
      assert.doesNotMatch(JSON.stringify(await sqlOn(app, 'select * from audit_log')), /a-wrong-password|kunci-bengkel/);
    });
  });

  test('PostgreSQL keeps an active owner whatever changes the users: the last one cannot be deactivated, even over SQL', async () => {
    await withOwnerApp(async (app) => {
      await assert.rejects(sqlOn(app, 'update users set active = false'), /last active owner/);
      await assert.rejects(sqlOn(app, "update users set role = 'mechanic'"), /last active owner/);
      await assert.rejects(sqlOn(app, 'delete from users'), /last active owner/);
      assert.deepEqual(await sqlOn(app, 'select role, active from users'), [{ role: 'owner', active: true }]);
    });
  });
});
