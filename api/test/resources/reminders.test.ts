// Reminders (API.md v2): due by date or by the vehicle's latest known mileage; overdue and soon
// (30 days, 1 000 km); done and renewed when the service that answers them completes; a ready
// WhatsApp and e-mail message to the owner in English and Indonesian.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startApp, type TestApp } from '../helpers/app.ts';
import { createCustomer, createService, createVehicle } from '../helpers/data.ts';

let t: TestApp;
before(async () => {
  t = await startApp();
});
after(() => t.close());

/** The workshop's day `offset` days from today, in its time zone (the settings' default). */
const WORKSHOP_ZONE = 'Asia/Jakarta';
const dateIn = (at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: WORKSHOP_ZONE }).format(at).split('-').map(Number) as [number, number, number];
const day = (offset: number) => {
  const [year, month, date] = dateIn(new Date());
  return new Date(Date.UTC(year, month - 1, date + offset)).toISOString().slice(0, 10);
};
const remind = (vehicleId: number, fields: Record<string, unknown>) => t.post('/api/reminders', { vehicleId, description: 'Ganti oli', ...fields });
const ids = async (query: string) => (await t.get(`/api/reminders${query}`)).body.items.map((r: { id: number }) => r.id);

describe('reminders', () => {
  test('need a due date or a due mileage; a missing vehicle is 422', async () => {
    const vehicle = await createVehicle(t, (await createCustomer(t)).id);
    const none = await remind(vehicle.id, {});
    assert.equal(none.status, 400);
    assert.deepEqual(none.body.errors.map((e: { path: string }) => e.path), ['/dueDate', '/dueMileage']);
    assert.equal((await remind(vehicle.id, { dueDate: '2026-13-01' })).status, 400);
    assert.equal((await remind(999999, { dueDate: day(10) })).status, 422);
    const made = await remind(vehicle.id, { dueDate: day(10), repeatMonths: 6 });
    assert.equal(made.status, 201);
    assert.deepEqual([made.body.status, made.body.dueDate, made.body.dueMileage, made.body.serviceId], ['open', day(10), null, null]);
    assert.equal((await t.patch(`/api/reminders/${made.body.id}`, { dueDate: null })).status, 400, 'not left with neither');
  });

  test('overdue by date or by the vehicle\'s mileage; soon within 30 days or 1 000 km; done and dismissed are neither', async () => {
    const customer = await createCustomer(t);
    const vehicle = await createVehicle(t, customer.id, { mileage: 40000 });
    const late = (await remind(vehicle.id, { dueDate: day(-1) })).body.id;
    const today = (await remind(vehicle.id, { dueDate: day(0) })).body.id;
    const nearDate = (await remind(vehicle.id, { dueDate: day(20) })).body.id;
    const farDate = (await remind(vehicle.id, { dueDate: day(60) })).body.id;
    const nearKm = (await remind(vehicle.id, { dueMileage: 42800 })).body.id;
    const reachedKm = (await remind(vehicle.id, { dueMileage: 42000 })).body.id;
    const dismissed = (await remind(vehicle.id, { dueDate: day(-5), status: 'dismissed' })).body.id;
    // A service's mileage raises the vehicle's: 42 000 km reaches the second mileage.
    await createService(t, vehicle.id, { mileage: 42000 });
    const mine = `&customerId=${customer.id}`;
    assert.deepEqual((await ids(`?due=overdue${mine}`)).sort(), [late, reachedKm].sort());
    assert.deepEqual((await ids(`?due=soon${mine}`)).sort(), [today, nearDate, nearKm].sort());
    assert.equal((await ids(`?due=all${mine}`)).length, 7);
    assert.ok(!(await ids(`?due=overdue${mine}`)).includes(dismissed));
    assert.deepEqual((await ids(`?vehicleId=${vehicle.id}&status=dismissed`)), [dismissed]);
    assert.ok((await ids(`?due=all${mine}`)).includes(farDate));
    const metrics = (await t.inject({ method: 'GET', url: '/metrics' })).body;
    const gauge = (due: string) => Number(new RegExp(`^workshop_reminders_due\\{due="${due}"\\} (\\d+)`, 'm').exec(metrics)?.[1]);
    assert.ok(gauge('overdue') >= 2 && gauge('soon') >= 3, 'workshop_reminders_due counts them');
  });

  test('completing the service that answers one marks it done and renews it from that date and mileage', async () => {
    const vehicle = await createVehicle(t, (await createCustomer(t)).id);
    const reminder = (await remind(vehicle.id, { dueDate: day(3), dueMileage: 50000, repeatMonths: 6, repeatKm: 5000 })).body;
    const service = await createService(t, vehicle.id, { status: 'in_progress', reminderId: reminder.id });
    assert.equal(service.status, 'in_progress');
    assert.equal((await t.patch(`/api/services/${service.id}`, { status: 'completed', mileage: 49500 })).status, 200);
    const done = (await t.get(`/api/reminders/${reminder.id}`)).body;
    assert.deepEqual([done.status, done.serviceId], ['done', service.id]);
    const next = (await t.get(`/api/reminders?vehicleId=${vehicle.id}&status=open`)).body.items;
    assert.equal(next.length, 1);
    const completedAt = new Date((await t.get(`/api/services/${service.id}`)).body.completedAt);
    const [year, month, date] = dateIn(completedAt);
    const expected = new Date(Date.UTC(year, month - 1 + 6, date));
    assert.equal(next[0].dueDate, expected.toISOString().slice(0, 10));
    assert.equal(next[0].dueMileage, 54500);
    assert.deepEqual([next[0].repeatMonths, next[0].repeatKm, next[0].description], [6, 5000, 'Ganti oli']);

    const once = (await remind(vehicle.id, { dueMileage: 60000 })).body;
    const other = await createService(t, vehicle.id, { status: 'in_progress', reminderId: once.id });
    await t.patch(`/api/services/${other.id}`, { status: 'completed' });
    assert.equal((await t.get(`/api/reminders/${once.id}`)).body.status, 'done');
    assert.equal((await t.get(`/api/reminders?vehicleId=${vehicle.id}&status=open`)).body.total, 1, 'a reminder that does not repeat is not renewed');
  });

  test("a service answers only its own vehicle's reminder (422)", async () => {
    const mine = await createVehicle(t, (await createCustomer(t)).id);
    const theirs = await createVehicle(t, (await createCustomer(t)).id);
    const reminder = (await remind(theirs.id, { dueMileage: 1000 })).body;
    const reply = await t.post('/api/services', { vehicleId: mine.id, description: 'Servis', reminderId: reminder.id });
    assert.equal(reply.status, 422);
    assert.equal(reply.body.errors[0].path, '/reminderId');
    assert.equal((await t.post('/api/services', { vehicleId: mine.id, description: 'Servis', reminderId: 999999 })).status, 422);
  });

  test('a ready message to the owner: WhatsApp with 08… as 628…, e-mail, in English and Indonesian', async () => {
    await t.put('/api/settings', { workshopName: 'Bengkel Maju Jaya', phone: '022-7654321' });
    const customer = await createCustomer(t, { name: 'Bu Ani', phone: '0812-3456-7890', email: 'ani@example.com' });
    const vehicle = await createVehicle(t, customer.id, { make: 'Honda', model: 'Brio', plateNumber: 'D 1111 AN' });
    const reminder = (await remind(vehicle.id, { description: 'Ganti oli mesin', dueDate: '2027-01-15', dueMileage: 45000 })).body;
    const en = (await t.get(`/api/reminders/${reminder.id}/message`)).body;
    assert.equal(en.text, 'Hello Bu Ani, your Honda Brio (D 1111 AN) is due for ganti oli mesin (15 January 2027 or 45,000 km). We look forward to seeing you at Bengkel Maju Jaya. Call us on 022-7654321.');
    assert.equal(en.whatsappUrl, `https://wa.me/6281234567890?text=${encodeURIComponent(en.text)}`);
    assert.match(en.mailtoUrl, /^mailto:ani%40example\.com\?subject=Service%20reminder%3A%20D%201111%20AN&body=/);
    const id = (await t.get(`/api/reminders/${reminder.id}/message?lang=id`)).body;
    assert.match(id.text, /^Halo Bu Ani, Honda Brio \(D 1111 AN\) Anda sudah waktunya untuk ganti oli mesin \(15 Januari 2027 atau 45\.000 km\)\./);
    const silent = await createCustomer(t, { name: 'Tanpa Kontak', email: null });
    const quiet = (await remind((await createVehicle(t, silent.id)).id, { dueMileage: 1 })).body;
    assert.deepEqual([(await t.get(`/api/reminders/${quiet.id}/message`)).body.whatsappUrl, (await t.get(`/api/reminders/${quiet.id}/message`)).body.mailtoUrl], [null, null]);
    assert.equal((await t.get('/api/reminders/999999/message')).status, 404);
    await t.put('/api/settings', { workshopName: 'Bengkel' });
  });

  test('dismissed by PATCH, deleted by DELETE; a mechanic has none of it', async () => {
    const vehicle = await createVehicle(t, (await createCustomer(t)).id);
    const reminder = (await remind(vehicle.id, { dueDate: day(1) })).body;
    assert.equal((await t.patch(`/api/reminders/${reminder.id}`, { status: 'dismissed' })).body.status, 'dismissed');
    assert.equal((await (await t.as('mechanic')).get('/api/reminders')).status, 403);
    assert.equal((await t.delete(`/api/reminders/${reminder.id}`)).status, 204);
    assert.equal((await t.get(`/api/reminders/${reminder.id}`)).status, 404);
  });
});
