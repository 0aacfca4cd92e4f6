// While the event loop lags past MAX_EVENT_LOOP_DELAY_MS, new requests are turned away at once
// with 503 + Retry-After; health, readiness and metrics are still answered.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
before(async () => {
  t = await startApp({ MAX_EVENT_LOOP_DELAY_MS: '100' });
});
after(() => t.close());

const block = (ms: number) => {
  const end = Date.now() + ms;
  while (Date.now() < end);
};

describe('load shedding', () => {
  test('sheds API requests while the event loop lags, keeps health and metrics, then recovers', async () => {
    assert.equal((await t.get('/api/customers')).status, 200);
    block(600);
    await new Promise((r) => setTimeout(r, 20)); // the overdue sampler runs first and sees the lag
    const shed = await t.get('/api/customers');
    assert.equal(shed.status, 503);
    assert.equal(shed.body.code, 'overloaded');
    assert.equal(shed.headers['retry-after'], '1');
    assert.equal((await t.get('/api/health')).status, 200);
    assert.equal((await t.inject({ method: 'GET', url: '/metrics' })).statusCode, 200);

    const deadline = Date.now() + 5000;
    let status = 503;
    while (status === 503 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      status = (await t.get('/api/customers')).status;
    }
    assert.equal(status, 200);
  });
});
