// Secrets stay secret (OWASP API2/API3): no password, password hash, token, token digest or
// session id in any answer or in any log line, whatever a request does with them; a session id
// planted before sign-in is never adopted (session fixation); an expired token stops working.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { ownerEnv, OWNER } from '@bengkel/testing/accounts';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { users } from '../../src/db/schema.ts';
import { freshDatabase, type FreshDatabase } from '../helpers/database.ts';

const lines: string[] = [];
let fresh: FreshDatabase;
let app: FastifyInstance;
before(async () => {
  fresh = await freshDatabase();
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  // The most the API ever logs.
  app = await buildApp({ config: loadConfig({ LOG_LEVEL: 'trace', ...ownerEnv }), database: await fresh.open(), logger: { level: 'trace', stream } });
  await app.ready();
});
after(async () => {
  await app.close();
  await fresh.drop().catch(() => {});
});

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('secrets', () => {
  test('no answer and no log line holds a password, a hash, a token or a session id', async () => {
    const answers: string[] = [];
    const send = async (options: InjectOptions) => {
      const response = await app.inject(options);
      answers.push(response.body);
      return response;
    };
    await send({ method: 'POST', url: '/api/auth/login', payload: { email: OWNER.email, password: 'a-wrong-password-1' } });
    const login = await send({ method: 'POST', url: '/api/auth/login', payload: { email: OWNER.email, password: OWNER.password } });
    const session = login.cookies[0]!.value;
    const browser = { cookie: `bengkel_session=${session}`, 'sec-fetch-site': 'same-origin' };
    const made = await send({ method: 'POST', url: '/api/tokens', headers: browser, payload: { name: 'script', role: 'owner' } });
    const token = made.json().token as string;
    const bearer = { authorization: `Bearer ${token}` };
    await send({ method: 'POST', url: '/api/users', headers: bearer, payload: { name: 'Rina', email: 'rina@bengkel.test', role: 'frontdesk', password: 'meja-depan-2026-x' } });
    await send({ method: 'PATCH', url: '/api/users/2', headers: bearer, payload: { password: 'meja-depan-2026-y' } });
    await send({ method: 'GET', url: '/api/users', headers: bearer });
    await send({ method: 'GET', url: '/api/tokens', headers: bearer });
    await send({ method: 'GET', url: '/api/audit?limit=200', headers: bearer });
    await send({ method: 'GET', url: '/api/auth/me', headers: browser });
    await send({ method: 'GET', url: `/api/customers?q=${encodeURIComponent('x')}`, headers: { authorization: 'Bearer bk_a-made-up-token' } });
    await send({ method: 'POST', url: '/api/customers', headers: { ...browser, origin: 'https://evil.example' }, payload: { name: 'x' } });

    const [hash] = (await app.database.run('select', 'users', (db) => db.select({ hash: users.passwordHash }).from(users).orderBy(users.id))).map((row) => row.hash);
    const secrets = [OWNER.password, 'a-wrong-password-1', 'meja-depan-2026-x', 'meja-depan-2026-y', token, sha256(token), session, sha256(session), 'bk_a-made-up-token', hash!];
    for (const secret of secrets) {
      assert.ok(!answers.some((body, i) => i !== 1 && i !== 2 && body.includes(secret)), `an answer holds ${secret.slice(0, 12)}…`);
      assert.ok(!lines.some((line) => line.includes(secret)), `a log line holds ${secret.slice(0, 12)}…`);
    }
    assert.ok(lines.length > 10, 'the requests were logged');
    assert.ok(!answers[1]!.includes(session) && !answers[2]!.includes(sha256(token)), 'the sign-in answers no session id; the token is in its own answer only');
  });

  test('a session id planted before signing in is never adopted (session fixation)', async () => {
    const planted = 'attacker-chosen-session-id-0123456789abcdef';
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', cookies: { bengkel_session: planted }, payload: { email: OWNER.email, password: OWNER.password } });
    assert.equal(login.statusCode, 200);
    const issued = login.cookies.find((c) => c.name === 'bengkel_session')!.value;
    assert.notEqual(issued, planted);
    assert.equal((await app.inject({ method: 'GET', url: '/api/auth/me', cookies: { bengkel_session: planted } })).statusCode, 401);
    assert.equal((await app.inject({ method: 'GET', url: '/api/auth/me', cookies: { bengkel_session: issued } })).statusCode, 200);
  });

  test('a token stops at its expiry', async () => {
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: OWNER.email, password: OWNER.password } });
    const browser = { cookie: `bengkel_session=${login.cookies[0]!.value}`, 'sec-fetch-site': 'same-origin' };
    const expiresAt = new Date(Date.now() + 1500).toISOString();
    const made = (await app.inject({ method: 'POST', url: '/api/tokens', headers: browser, payload: { name: 'brief', role: 'frontdesk', expiresAt } })).json();
    const use = () => app.inject({ method: 'GET', url: '/api/customers', headers: { authorization: `Bearer ${made.token}` } });
    assert.equal((await use()).statusCode, 200);
    await new Promise((r) => setTimeout(r, 1700));
    assert.equal((await use()).statusCode, 401);
  });
});
