// `npm run demo`'s fill (api/src/demo/): what a newcomer sees in the sample workshop — customers
// with Indonesian numbers, vehicles plated where their owners live, today's jobs in every status,
// invoices paid, partly paid and unpaid with their balances right, reminders overdue and soon,
// staff to sign in as — and that it fills an empty workshop only, writing nothing otherwise.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { fillDemo, WorkshopNotEmpty, type DemoResult } from '../../src/demo/fill.ts';
import { CITIES } from '../../src/demo/workshop.ts';
import { client, sessionHeaders, startApp, type Client, type TestApp } from '../helpers/app.ts';
import { createCustomer } from '../helpers/data.ts';

const NOW = new Date();
let t: TestApp;
let result: DemoResult;
let owner: Client;

before(async () => {
  t = await startApp({ ADMIN_EMAIL: '', ADMIN_PASSWORD: '' });
  result = await fillDemo(t.app, { now: NOW });
  const made = result.users.find((user) => user.role === 'owner')!;
  owner = client(t.app, await sessionHeaders(t.app, made.email, made.password!));
});
after(() => t?.close());

const all = async (path: string) => {
  const reply = await owner.get(`${path}${path.includes('?') ? '&' : '?'}limit=200`);
  assert.equal(reply.status, 200, `${path}: ${JSON.stringify(reply.body)}`);
  return reply.body.items as Record<string, unknown>[];
};
const everything = async () => ({
  stats: (await owner.get('/api/stats')).body,
  audit: (await owner.get('/api/audit?limit=1')).body.total,
  users: (await owner.get('/api/users')).body.total,
  settings: (await owner.get('/api/settings')).body,
});

describe('npm run demo on an empty workshop', () => {
  test('makes the owner, a front desk and a mechanic, each able to sign in with the password it printed', async () => {
    assert.deepEqual(result.users.map((user) => user.role), ['owner', 'frontdesk', 'mechanic']);
    for (const user of result.users) {
      assert.ok(user.password && user.password.length >= 12, `${user.email} has a generated password`);
      const headers = await sessionHeaders(t.app, user.email, user.password);
      assert.equal((await client(t.app, headers).get('/api/auth/me')).body.user.role, user.role);
    }
    const settings = (await owner.get('/api/settings')).body;
    assert.deepEqual([settings.workshopName, settings.taxRate, settings.currency, settings.invoicePrefix], ['Bengkel Maju Jaya', 0.11, 'IDR', 'INV']);
    assert.ok(settings.taxId, 'an NPWP for the invoices');
  });

  test('fills customers with Indonesian phone numbers, and vehicles plated in the region where their owner lives', async () => {
    const customers = await all('/api/customers');
    const vehicles = await all('/api/vehicles');
    assert.equal(customers.length, 25);
    assert.equal(vehicles.length, 35);
    for (const customer of customers) assert.match(String(customer.phone), /^(08\d{2}-\d{4}-\d{4}|\+62 8\d{2} \d{4} \d{4}|\(021\) \d{4} \d{4})$/, String(customer.name));
    const regionOf = new Map<string, string>(Object.values(CITIES).map((city) => [city.name, city.region]));
    const byId = new Map(customers.map((customer) => [customer.id, customer]));
    const regions = new Set<string>();
    for (const vehicle of vehicles) {
      const city = String(byId.get(vehicle.customerId)!.address).split(', ').at(-1)!;
      const region = regionOf.get(city);
      assert.ok(region, `a known city: ${city}`);
      assert.match(String(vehicle.plateNumber), new RegExp(`^${region} [1-9]\\d{0,3} [A-Z]{1,3}$`), `${vehicle.plateNumber} of a customer in ${city}`);
      regions.add(region);
    }
    assert.ok(regions.size >= 6, `plates of several regions: ${[...regions].join(', ')}`);
  });

  test('has today\'s jobs in every status, the next days booked, and work done over the last months', async () => {
    const startOfToday = new Date(NOW);
    startOfToday.setHours(0, 0, 0, 0);
    const endOfToday = new Date(startOfToday.getTime() + 86_400_000 - 1);
    const today = await all(`/api/services?from=${startOfToday.toISOString()}&to=${endOfToday.toISOString()}`);
    assert.deepEqual(new Set(today.map((s) => s.status)), new Set(['scheduled', 'in_progress', 'completed']));
    const upcoming = await all(`/api/services?status=scheduled&from=${endOfToday.toISOString()}`);
    assert.ok(upcoming.length >= 5, `bookings in the next days: ${upcoming.length}`);
    const stats = (await owner.get('/api/stats')).body;
    assert.equal(stats.services.cancelled, 1);
    assert.ok(stats.services.completed >= 40, `completed work: ${stats.services.completed}`);
    const completed = await all('/api/services?status=completed&sort=scheduledAt');
    assert.ok(new Date(String(completed[0]!.scheduledAt)).getTime() < NOW.getTime() - 60 * 86_400_000, 'work from two months ago and more');
    const inProgress = today.find((s) => s.status === 'in_progress')!;
    assert.ok(inProgress.mileage && inProgress.mechanic, 'a job being worked on has its odometer and mechanic');
    assert.ok((await owner.get(`/api/services/${inProgress.id}/lines`)).body.items.length > 0, 'and the parts put in so far');
  });

  test('invoices every completed job: paid in full, partly and not yet, with balances that add up', async () => {
    const invoices = await all('/api/invoices');
    const completed = (await owner.get('/api/stats')).body.services.completed;
    assert.equal(invoices.length, completed);
    const numbers = invoices.map((invoice) => String(invoice.number)).sort();
    assert.deepEqual(numbers, numbers.map((_, i) => `INV-${NOW.getFullYear()}-${String(i + 1).padStart(6, '0')}`), 'gapless numbers');
    const cents = (value: unknown) => Math.round(Number(value) * 100);
    const kinds = { paid: 0, partly: 0, unpaid: 0 };
    for (const invoice of invoices) {
      assert.equal(cents(invoice.tax), Math.round(cents(invoice.subtotal) * 0.11), `PPN 11 % on ${invoice.number}`);
      assert.equal(cents(invoice.total), cents(invoice.subtotal) + cents(invoice.tax));
      assert.equal(cents(invoice.balance), cents(invoice.total) - cents(invoice.paid), `balance of ${invoice.number}`);
      if (invoice.status === 'paid') {
        assert.equal(cents(invoice.balance), 0);
        kinds.paid += 1;
      } else if (cents(invoice.paid) > 0) {
        assert.equal(invoice.status, 'issued');
        assert.ok(cents(invoice.balance) > 0);
        kinds.partly += 1;
      } else {
        assert.equal(cents(invoice.balance), cents(invoice.total));
        kinds.unpaid += 1;
      }
    }
    assert.ok(kinds.paid > kinds.partly + kinds.unpaid && kinds.partly > 0 && kinds.unpaid > 0, JSON.stringify(kinds));
  });

  test('has reminders overdue (by date and by mileage), soon and later; the one answered today is done and renewed', async () => {
    const overdue = await all('/api/reminders?due=overdue');
    const soon = await all('/api/reminders?due=soon');
    assert.ok(overdue.some((r) => r.dueDate) && overdue.some((r) => r.dueMileage), 'overdue by date and by mileage');
    assert.ok(soon.some((r) => r.dueDate) && soon.some((r) => r.dueMileage), 'soon by date and by mileage');
    const every = await all('/api/reminders');
    assert.ok(every.length > overdue.length + soon.length, 'and some due later');
    const done = every.filter((r) => r.status === 'done');
    assert.equal(done.length, 1);
    const renewed = every.find((r) => r.vehicleId === done[0]!.vehicleId && r.status === 'open');
    assert.ok(renewed && String(renewed.dueDate) > String(done[0]!.dueDate), 'renewed six months on');
  });

  test('is recorded in the audit log as the owner\'s work', async () => {
    const entries = (await owner.get('/api/audit?entity=customer&limit=200')).body.items as { actor: { type: string; name: string } }[];
    assert.equal(entries.length, 25);
    assert.ok(entries.every((entry) => entry.actor.type === 'user' && entry.actor.name === 'Hendra Wijaya'));
  });

  test('a second run refuses and changes nothing, and `npm run demo`\'s fill exits 1 saying so', async () => {
    const before = await everything();
    await assert.rejects(fillDemo(t.app, { now: NOW }), (error) => error instanceof WorkshopNotEmpty && error.counts.customers === 25);
    assert.deepEqual(await everything(), before);
    assert.ok(t.fresh.url, 'runs on PostgreSQL');
    const main = fileURLToPath(new URL('../../src/demo/main.ts', import.meta.url));
    const run = spawn(process.execPath, ['--import', 'tsx', main], { env: { ...process.env, DATABASE_URL: t.fresh.url, ADMIN_EMAIL: '', ADMIN_PASSWORD: '', LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    run.stdout.on('data', (chunk: Buffer) => (output += chunk));
    run.stderr.on('data', (chunk: Buffer) => (output += chunk));
    const code = await new Promise((resolve) => run.on('exit', resolve));
    assert.equal(code, 1, output);
    assert.match(output, /refused.*already holds 25 customers, 35 vehicles and \d+ services\. Nothing was written/s);
    assert.deepEqual(await everything(), before);
  });
});

describe('npm run demo on a workshop that has begun', () => {
  test('refuses when it holds a single customer, writing nothing, not even a user or a token', async () => {
    const started = await startApp();
    try {
      await createCustomer(started);
      const before = { audit: (await started.get('/api/audit?limit=1')).body.total, users: (await started.get('/api/users')).body.total, tokens: (await started.get('/api/tokens')).body };
      await assert.rejects(fillDemo(started.app, { admin: started.config.admin }), WorkshopNotEmpty);
      await assert.rejects(fillDemo(started.app, {}), WorkshopNotEmpty);
      assert.deepEqual({ audit: (await started.get('/api/audit?limit=1')).body.total, users: (await started.get('/api/users')).body.total, tokens: (await started.get('/api/tokens')).body }, before);
    } finally {
      await started.close();
    }
  });

  test("refuses when the workshop's own settings are set, replacing nothing", async () => {
    const started = await startApp();
    try {
      assert.equal((await started.put('/api/settings', { workshopName: 'Bengkel Sejahtera', taxId: '09.876.543.2-109.000' })).status, 200);
      await assert.rejects(fillDemo(started.app, { admin: started.config.admin }), (error: unknown) => error instanceof WorkshopNotEmpty && error.settingsSet);
      const settings = (await started.get('/api/settings')).body;
      assert.deepEqual([settings.workshopName, settings.taxId], ['Bengkel Sejahtera', '09.876.543.2-109.000']);
      assert.equal((await started.get('/api/customers?limit=1')).body.total, 0);
    } finally {
      await started.close();
    }
  });

  test('with users but no customers yet: acts for the owner through a token it revokes, adds no users, and makes the same workshop', async () => {
    const started = await startApp();
    try {
      const filled = await fillDemo(started.app, { now: NOW });
      assert.deepEqual(filled.users, [], 'the workshop keeps its own staff');
      assert.equal((await started.get('/api/users')).body.total, 1);
      assert.equal((await started.get('/api/tokens')).body.items.length, 0, 'the token is revoked');
      const entries = (await started.get('/api/audit?entity=vehicle&limit=1')).body.items as { actor: { type: string; name: string } }[];
      assert.deepEqual(entries[0]!.actor.type, 'token');
      assert.deepEqual(entries[0]!.actor.name, 'npm run demo');
      const plates = async (c: Client) => (await c.get('/api/vehicles?limit=200&sort=id')).body.items.map((v: { plateNumber: string }) => v.plateNumber);
      assert.deepEqual(await plates(started), await plates(owner), 'seeded: the same plates on every run');
    } finally {
      await started.close();
    }
  });
});
