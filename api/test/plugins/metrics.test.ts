import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { startApp, type TestApp } from '../helpers/app.ts';
import { createCustomer, createService, createVehicle } from '../helpers/data.ts';

let t: TestApp;
before(async () => {
  t = await startApp();
});
after(() => t.close());

async function scrape(): Promise<string> {
  const reply = await t.inject({ method: 'GET', url: '/metrics' });
  assert.equal(reply.statusCode, 200);
  assert.match(String(reply.headers['content-type']), /^text\/plain; version=0\.0\.4/);
  return reply.body;
}

const value = (text: string, series: string) => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe('/metrics', () => {
  test('counts requests and their latency by method, route pattern and status', async () => {
    const customer = await createCustomer(t);
    await t.get(`/api/customers/${customer.id}`);
    await t.get('/api/customers/999999');
    const text = await scrape();
    assert.equal(value(text, 'http_requests_total{method="GET",route="/api/customers/:id",status_code="200"}'), 1);
    assert.equal(value(text, 'http_requests_total{method="GET",route="/api/customers/:id",status_code="404"}'), 1);
    assert.equal(value(text, 'http_requests_total{method="POST",route="/api/customers",status_code="201"}'), 1);
    assert.equal(value(text, 'http_request_duration_seconds_count{method="GET",route="/api/customers/:id",status_code="200"}'), 1);
    for (const le of ['0.001', '0.0025', '0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '5', '10', '+Inf']) {
      assert.ok(text.includes(`http_request_duration_seconds_bucket{le="${le}",method="GET",route="/api/customers/:id",status_code="200"}`), le);
    }
    assert.match(text, /^http_requests_in_flight \d+$/m);
  });

  test('database operations are timed by operation and table', async () => {
    const text = await scrape();
    assert.ok((value(text, 'db_query_duration_seconds_count{operation="insert",table="customers"}') ?? 0) >= 1);
    assert.ok((value(text, 'db_query_duration_seconds_count{operation="select",table="customers"}') ?? 0) >= 1);
    assert.ok(text.includes('db_query_duration_seconds_bucket{le="0.001",operation="insert",table="customers"}'));
  });

  test('reports the pool and the default process and Node.js metrics', async () => {
    const text = await scrape();
    for (const state of ['total', 'idle', 'waiting']) assert.ok(value(text, `db_pool_connections{state="${state}"}`) !== undefined, state);
    assert.equal(value(text, 'db_pool_max_connections'), t.app.database.poolState().max);
    for (const name of ['process_cpu_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds', 'nodejs_heap_size_used_bytes']) {
      assert.match(text, new RegExp(`^${name} `, 'm'), name);
    }
  });

  test('unknown URLs all count under one route value', async () => {
    for (let i = 0; i < 25; i++) await t.inject({ method: 'GET', url: `/scan/${i}/${Math.random()}` });
    const text = await scrape();
    const routes = new Set([...text.matchAll(/route="([^"]*)"/g)].map((m) => m[1]));
    assert.ok(routes.has('unmatched'));
    assert.ok(![...routes].some((route) => route?.startsWith('/scan')), [...routes].join(' '));
    assert.equal(value(text, 'http_requests_total{method="GET",route="unmatched",status_code="404"}'), 25);
  });

  test("the workshop's figures: services by status from the database, revenue from payments", async () => {
    const before = await scrape();
    const status = (text: string, s: string) => value(text, `workshop_services{status="${s}"}`) ?? NaN;
    for (const s of ['scheduled', 'in_progress', 'completed', 'cancelled']) assert.ok(status(before, s) >= 0, `${s} is a series from the start`);
    const vehicle = await createVehicle(t, (await createCustomer(t)).id);
    const service = await createService(t, vehicle.id, { status: 'in_progress', cost: 150000 });
    await createService(t, vehicle.id);
    await t.patch(`/api/services/${service.id}`, { status: 'completed' });
    const after = await scrape();
    assert.equal(status(after, 'completed'), status(before, 'completed') + 1);
    assert.equal(status(after, 'scheduled'), status(before, 'scheduled') + 1);
    assert.equal(status(after, 'in_progress'), status(before, 'in_progress'));
    const invoice = (await t.post(`/api/services/${service.id}/invoice`, undefined)).body;
    const revenue = (text: string) => value(text, 'workshop_revenue_total') ?? NaN;
    await t.post(`/api/invoices/${invoice.id}/payments`, { amount: 100000.5, method: 'cash' });
    await t.post(`/api/invoices/${invoice.id}/payments`, { amount: 900000, method: 'cash' }); // over the balance: 422, not counted
    assert.equal(revenue(await scrape()) - revenue(after), 100000.5);
  });

  test('the exposition passes promtool check metrics', async () => {
    const text = await scrape();
    const output = execFileSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    assert.equal(output.trim(), '');
  });
});
