import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startApp, toReply, type TestApp } from '../helpers/app.ts';
import { snapshot } from '../helpers/data.ts';

let t: TestApp;
before(async () => {
  t = await startApp();
});
after(() => t.close());

const raw = async (method: 'POST' | 'PUT' | 'PATCH', payload: string | Buffer, contentType?: string) =>
  toReply(await t.inject({ method, url: method === 'POST' ? '/api/customers' : '/api/customers/1', payload, headers: contentType ? { 'content-type': contentType } : {} }));

function assertProblem(reply: Awaited<ReturnType<typeof raw>>, status: number) {
  assert.equal(reply.status, status);
  assert.equal(reply.headers['content-type'], 'application/problem+json; charset=utf-8');
  assert.equal(reply.body.status, status);
  assert.equal(typeof reply.body.title, 'string');
  assert.equal(typeof reply.body.detail, 'string');
  assert.equal(reply.body.type, 'about:blank');
  assert.doesNotMatch(JSON.stringify(reply.body), /\bat .+\.(ts|js):\d+|select .* from |insert into |delete from /i);
}

describe('errors are problem+json and change nothing', () => {
  test('malformed JSON is 400', async () => {
    const before = await snapshot(t);
    assertProblem(await raw('POST', '{"name": "A",', 'application/json'), 400);
    assertProblem(await raw('POST', '', 'application/json'), 400);
    assert.deepEqual(await snapshot(t), before);
  });

  test('a body that is not an object is 400', async () => {
    for (const body of ['[]', '"name"', '42', 'null', 'true']) assertProblem(await raw('POST', body, 'application/json'), 400);
  });

  test('prototype poisoning is refused with 400', async () => {
    assertProblem(await raw('POST', '{"name":"A","__proto__":{"admin":true}}', 'application/json'), 400);
    assertProblem(await raw('POST', '{"name":"A","constructor":{"prototype":{"admin":true}}}', 'application/json'), 400);
  });

  test('a body that is not application/json is 415', async () => {
    const before = await snapshot(t);
    assertProblem(await raw('POST', 'name=A', 'application/x-www-form-urlencoded'), 415);
    assertProblem(await raw('POST', '{"name":"A"}', 'text/plain'), 415);
    assertProblem(await raw('PATCH', '{"name":"A"}', 'text/plain'), 415);
    assert.deepEqual(await snapshot(t), before);
  });

  test('a body over 1 MiB is 413', async () => {
    const big = JSON.stringify({ name: 'A', notes: 'x'.repeat(1024 * 1024) });
    assertProblem(await raw('POST', big, 'application/json'), 413);
  });

  test('a NUL character in a string is 400, not a server error', async () => {
    const reply = await raw('POST', JSON.stringify({ name: 'A\u0000B' }), 'application/json');
    assertProblem(reply, 400);
    assert.equal(reply.body.errors[0].path, '/name');
    assertProblem(toReply(await t.inject({ method: 'GET', url: '/api/customers?q=%00' })), 400);
  });

  test('a path segment longer than the router allows is 414 problem+json', async () => {
    const reply = await t.get(`/api/customers/${'9'.repeat(500)}`);
    assert.equal(reply.status, 414);
    assert.equal(reply.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal(reply.body.title, 'URI Too Long');
    assert.equal(reply.body.status, 414);
  });

  test('an unknown route is 404, and an unsupported method is 404 or 405', async () => {
    assertProblem(toReply(await t.inject({ method: 'GET', url: '/api/nothing-here' })), 404);
    assertProblem(toReply(await t.inject({ method: 'GET', url: '/' })), 404);
    const method = toReply(await t.inject({ method: 'DELETE', url: '/api/customers' }));
    assert.ok([404, 405].includes(method.status));
    assertProblem(method, method.status);
  });
});
