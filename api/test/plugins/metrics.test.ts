import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
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

  test('services scheduled today by status: from midnight to midnight in the workshop zone (Asia/Jakarta by default), read with the by-status figures in one query', async () => {
    const today = (text: string, s: string) => value(text, `workshop_services_today{status="${s}"}`) ?? NaN;
    const before = await scrape();
    for (const s of ['scheduled', 'in_progress', 'completed', 'cancelled']) assert.ok(today(before, s) >= 0, `${s} is a series from the start`);
    // Jakarta is UTC+7 all year: its day starts at 17:00 UTC the day before.
    const day = 86_400_000;
    const jakarta = 7 * 3_600_000;
    const midnight = Math.floor((Date.now() + jakarta) / day) * day - jakarta;
    const vehicle = await createVehicle(t, (await createCustomer(t)).id);
    const at = (ms: number) => new Date(ms).toISOString();
    await createService(t, vehicle.id, { scheduledAt: at(midnight) });
    await createService(t, vehicle.id, { scheduledAt: at(midnight + day - 1), status: 'in_progress' });
    await createService(t, vehicle.id, { scheduledAt: at(midnight - 1) });
    await createService(t, vehicle.id, { scheduledAt: at(midnight + day) });
    const after = await scrape();
    assert.equal(today(after, 'scheduled'), today(before, 'scheduled') + 1);
    assert.equal(today(after, 'in_progress'), today(before, 'in_progress') + 1);
    assert.equal(value(after, 'workshop_services{status="scheduled"}'), value(before, 'workshop_services{status="scheduled"}')! + 3);

    // The queries a scrape makes show in the next one's db_query_duration_seconds.
    const reads = (text: string) => value(text, 'db_query_duration_seconds_count{operation="select",table="services"}') ?? 0;
    const next = await scrape();
    assert.equal(reads(next) - reads(after), 1, 'one query for both gauges');
  });

  test('the time from start to completion of each service completed, once, in buckets from 15 minutes to a week', async () => {
    const duration = (text: string, series: string) => value(text, `workshop_service_duration_seconds${series}`) ?? NaN;
    const vehicle = await createVehicle(t, (await createCustomer(t)).id);
    const service = (await createService(t, vehicle.id, { status: 'in_progress' })) as { id: number; startedAt?: string };
    assert.ok(Date.parse(service.startedAt!) > 0, 'started when created in progress');
    // Started three hours ago: written through the app's own database, PostgreSQL or PGlite alike.
    await t.app.database.run('update', 'services', (db) => db.execute(sql`update services set started_at = now() - interval '3 hours' where id = ${service.id}`));
    const before = await scrape();
    for (const le of ['900', '1800', '3600', '7200', '14400', '28800', '86400', '172800', '259200', '432000', '604800', '+Inf']) {
      assert.ok(!Number.isNaN(duration(before, `_bucket{le="${le}"}`)), `bucket ${le}`);
    }
    assert.equal((await t.patch(`/api/services/${service.id}`, { status: 'completed' })).status, 200);
    const after = await scrape();
    assert.equal(duration(after, '_count') - duration(before, '_count'), 1);
    const observed = duration(after, '_sum') - duration(before, '_sum');
    assert.ok(observed >= 3 * 3600 && observed < 3 * 3600 + 60, String(observed));
    assert.equal(duration(after, '_bucket{le="7200"}'), duration(before, '_bucket{le="7200"}'));
    assert.equal(duration(after, '_bucket{le="14400"}'), duration(before, '_bucket{le="14400"}') + 1);

    // Sending the status again is no completion; neither is a refused move.
    assert.equal((await t.patch(`/api/services/${service.id}`, { status: 'completed', cost: 10 })).status, 200);
    assert.equal((await t.put(`/api/services/${service.id}`, { vehicleId: vehicle.id, description: 'Again', status: 'completed' })).status, 200);
    const scheduled = await createService(t, vehicle.id);
    assert.equal((await t.patch(`/api/services/${scheduled.id}`, { status: 'completed' })).status, 409);
    assert.equal(duration(await scrape(), '_count'), duration(after, '_count'));
  });

  test('the exposition passes promtool check metrics', async () => {
    const text = await scrape();
    const output = execFileSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    assert.equal(output.trim(), '');
  });
});
