// The database goes away and comes back: requests get 503 problem+json with Retry-After,
// readiness fails while liveness holds, and the API recovers by itself with no restart.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createCluster, type Cluster } from '@bengkel/testing/cluster';
import { startApp, type TestApp } from '../helpers/app.ts';
import { createCustomer } from '../helpers/data.ts';

let cluster: Cluster;
let t: TestApp;
before(async () => {
  cluster = await createCluster();
  t = await startApp({ DB_POOL_TIMEOUT_MS: '1000' }, cluster.url);
});
after(async () => {
  cluster.start();
  await t?.close();
  cluster?.destroy();
});

describe('database outage', () => {
  test('503 while the database is down, and recovery without a restart', async () => {
    const customer = await createCustomer(t);
    cluster.stop();

    for (const request of [
      () => t.get('/api/customers'),
      () => t.get(`/api/customers/${customer.id}`),
      () => t.post('/api/customers', { name: 'During outage' }),
      () => t.get('/api/stats'),
    ]) {
      const started = Date.now();
      const reply = await request();
      assert.equal(reply.status, 503);
      assert.equal(reply.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.ok(Number(reply.headers['retry-after']) > 0);
      assert.equal(reply.body.code, 'database_unavailable');
      assert.doesNotMatch(JSON.stringify(reply.body), /ECONNREFUSED|127\.0\.0\.1|select/i);
      assert.ok(Date.now() - started < 3000, 'answered quickly');
    }
    assert.equal((await t.get('/api/ready')).status, 503);
    assert.equal((await t.get('/api/health')).status, 200);

    cluster.start();
    const deadline = Date.now() + 15_000;
    let status = 0;
    while (Date.now() < deadline && status !== 200) {
      status = (await t.get(`/api/customers/${customer.id}`)).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 200));
    }
    assert.equal(status, 200, 'recovered by itself');
    assert.equal((await t.get('/api/ready')).status, 200);
    assert.equal((await t.get('/api/customers?q=During%20outage')).body.total, 0, 'nothing half-written during the outage');
    assert.equal((await t.post('/api/customers', { name: 'After outage' })).status, 201);
  });
});
