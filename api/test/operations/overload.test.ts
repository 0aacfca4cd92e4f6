// When every pooled connection is busy, a bounded number of requests wait a bounded time; the
// rest are turned away at once with 503 + Retry-After instead of queueing without limit.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startApp, type Reply, type TestApp } from '../helpers/app.ts';
import { adminUrl } from '@bengkel/testing/database';
import { lockTable } from '../helpers/database.ts';

let t: TestApp;
before(async () => {
  t = await startApp({ DB_POOL_MAX: '2', DB_POOL_QUEUE_MAX: '3', DB_POOL_TIMEOUT_MS: '800' }, adminUrl());
  // Both pooled connections open and idle, so that the test starts from a warm pool.
  await Promise.all([t.get('/api/customers'), t.get('/api/customers')]);
  assert.equal(t.app.database.poolState().total, 2);
});
after(() => t.close());

const waitingGauge = async () => {
  const text = (await t.inject({ method: 'GET', url: '/metrics' })).body;
  return Number(/^db_pool_connections\{state="waiting"\} (\d+)/m.exec(text)?.[1]);
};

describe('a saturated pool', () => {
  test('answers 503 with Retry-After at once past the queue, and after the wait limit within it', async () => {
    const release = await lockTable(t.fresh.url!, 'customers');
    const timed = async (): Promise<Reply & { ms: number }> => {
      const started = Date.now();
      const reply = await t.get('/api/customers');
      return { ...reply, ms: Date.now() - started };
    };
    const inFlight = Array.from({ length: 9 }, () => timed());
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(await waitingGauge(), 3, 'the gauge shows the waiters');
    await new Promise((r) => setTimeout(r, 1000));
    await release();
    const replies = await Promise.all(inFlight);

    const ok = replies.filter((r) => r.status === 200);
    const refused = replies.filter((r) => r.status === 503);
    assert.equal(ok.length, 2, 'the two holding connections finish once the lock goes');
    assert.equal(refused.length, 7);
    for (const reply of refused) {
      assert.equal(reply.body.code, 'overloaded');
      assert.equal(reply.headers['retry-after'], '1');
      assert.equal(reply.headers['content-type'], 'application/problem+json; charset=utf-8');
    }
    const immediate = refused.filter((r) => r.ms < 400).length;
    const afterWait = refused.filter((r) => r.ms >= 700 && r.ms < 2000).length;
    assert.equal(immediate, 4, 'past the queue: refused at once');
    assert.equal(afterWait, 3, 'in the queue: refused after DB_POOL_TIMEOUT_MS');
    assert.equal((await t.get('/api/customers')).status, 200, 'back to normal');
  });
});
