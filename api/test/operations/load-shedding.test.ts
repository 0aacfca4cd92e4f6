// While the event loop lags past MAX_EVENT_LOOP_DELAY_MS, new requests are turned away at once
// with 503 + Retry-After; health, readiness and metrics are still answered.

import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { startApp, type TestApp } from '../helpers/app.ts';
import { adminUrl } from '@bengkel/testing/database';
import { lockTable } from '../helpers/database.ts';

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
    // under-pressure's figure is the mean of the event loop's delays since its last sample (every
    // 250 ms, at a 10 ms resolution): up to 25 short delays may share that mean with the block,
    // wherever in the window it falls, so the block must be over 2.6 s to lift it past 100 ms.
    block(3_000);
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

describe('shutting down', () => {
  test('a request still arriving on an open connection while the server closes gets 503 problem+json', async () => {
    const closing = await startApp({}, adminUrl());
    const base = new URL(await closing.app.listen({ port: 0, host: '127.0.0.1' }));
    const release = await lockTable(closing.fresh.url!, 'customers');
    // Two requests on one connection: the first waits on the lock; the second is sent after
    // the server has started closing.
    const socket = net.connect(Number(base.port), base.hostname);
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
    const ended = new Promise((r) => socket.on('close', r));
    const request = `GET /api/customers HTTP/1.1\r\nHost: x\r\nCookie: ${closing.headers.cookie}\r\n\r\n`;
    socket.write(request);
    await new Promise((r) => setTimeout(r, 200));
    const closed = closing.app.close();
    await new Promise((r) => setTimeout(r, 50));
    socket.write(request);
    await new Promise((r) => setTimeout(r, 100));
    await release();
    await closed;
    await ended;
    const responses = received.split(/(?=HTTP\/1\.1 )/);
    assert.equal(responses.length, 2, received);
    assert.match(responses[0]!, /^HTTP\/1\.1 200/);
    assert.match(responses[1]!, /^HTTP\/1\.1 503/);
    assert.match(responses[1]!, /content-type: application\/problem\+json/i);
    assert.match(responses[1]!, /retry-after: 1/i);
    assert.match(responses[1]!, /"code":"shutting_down"/);
    await closing.fresh.drop();
  });
});

describe('load shedding after start-up', () => {
  test('a process that has just started is not shed for the work it did before serving', async () => {
    // No owner to sign in: the test's own sign-in would be the first request served.
    const fresh = await startApp({ MAX_EVENT_LOOP_DELAY_MS: '100', ADMIN_EMAIL: '', ADMIN_PASSWORD: '' });
    try {
      block(600); // start-up work, before the first request
      await new Promise((r) => setTimeout(r, 20));
      assert.equal((await fresh.get('/api/setup')).status, 200);
    } finally {
      await fresh.close();
    }
  });
});
