// The workshop's time zone (settings): which day it is for the workshop — a reminder due today or
// overdue — and the times its invoices print, whatever the server's own zone.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startApp, type TestApp } from '../helpers/app.ts';
import { createCustomer, createService, createVehicle } from '../helpers/data.ts';

let t: TestApp;
before(async () => {
  t = await startApp();
});
after(() => t.close());

/** Today's date in `timeZone`, as YYYY-MM-DD. */
const todayIn = (timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date());
// UTC+14 and UTC−11: 25 hours apart, so at any moment their dates differ.
const AHEAD = 'Pacific/Kiritimati';
const BEHIND = 'Pacific/Pago_Pago';

describe('the time zone setting', () => {
  test('is Asia/Jakarta unless set; an unknown name is 400 and changes nothing', async () => {
    assert.equal((await t.get('/api/settings')).body.timeZone, 'Asia/Jakarta');
    const saved = await t.put('/api/settings', { workshopName: 'Bengkel Timur', timeZone: 'Asia/Jayapura' });
    assert.equal(saved.status, 200);
    assert.equal(saved.body.timeZone, 'Asia/Jayapura');
    for (const timeZone of ['Mars/Olympus_Mons', '', 'Asia/Jakarta; drop table settings', 7]) {
      const refused = await t.put('/api/settings', { workshopName: 'X', timeZone });
      assert.equal(refused.status, 400, String(timeZone));
      assert.equal(refused.body.errors[0].path, '/timeZone');
    }
    assert.equal((await t.get('/api/settings')).body.timeZone, 'Asia/Jayapura');
    assert.equal((await t.put('/api/settings', { workshopName: 'Bengkel', taxRate: 0.12 })).body.timeZone, 'Asia/Jayapura', 'omitted (API.md does not name it): kept');
    assert.equal((await t.put('/api/settings', { workshopName: 'Bengkel', timeZone: 'Asia/Jakarta' })).body.timeZone, 'Asia/Jakarta');
  });

  test('says which day it is for reminders: due today is soon, due before today is overdue', async () => {
    const customer = await createCustomer(t);
    const vehicle = await createVehicle(t, customer.id);
    // Today where the day starts last: already yesterday (or before) where it starts first.
    const made = await t.post('/api/reminders', { vehicleId: vehicle.id, description: 'Ganti oli', dueDate: todayIn(BEHIND) });
    assert.equal(made.status, 201);
    const due = async (kind: string) => (await t.get(`/api/reminders?due=${kind}&customerId=${customer.id}`)).body.items.map((r: { id: number }) => r.id);

    await t.put('/api/settings', { workshopName: 'Bengkel', timeZone: AHEAD });
    assert.deepEqual(await due('overdue'), [made.body.id], `overdue on ${todayIn(AHEAD)} in ${AHEAD}`);
    await t.put('/api/settings', { workshopName: 'Bengkel', timeZone: BEHIND });
    assert.deepEqual(await due('overdue'), [], `due today in ${BEHIND}`);
    assert.deepEqual(await due('soon'), [made.body.id]);
    await t.put('/api/settings', { workshopName: 'Bengkel', timeZone: 'Asia/Jakarta' });
  });

  test('renews a repeating reminder from the completion\'s day in the workshop\'s zone', async () => {
    await t.put('/api/settings', { workshopName: 'Bengkel', timeZone: AHEAD });
    const vehicle = await createVehicle(t, (await createCustomer(t)).id);
    const reminder = (await t.post('/api/reminders', { vehicleId: vehicle.id, description: 'Servis', dueDate: todayIn(AHEAD), repeatMonths: 1 })).body;
    const service = await createService(t, vehicle.id, { status: 'in_progress', reminderId: reminder.id });
    assert.equal((await t.patch(`/api/services/${service.id}`, { status: 'completed' })).status, 200);
    const next = (await t.get(`/api/reminders?vehicleId=${vehicle.id}&status=open`)).body.items[0];
    const [year, month, day] = todayIn(AHEAD).split('-').map(Number) as [number, number, number];
    const expected = new Date(Date.UTC(year, month, Math.min(day, new Date(Date.UTC(year, month + 1, 0)).getUTCDate()))).toISOString().slice(0, 10);
    assert.equal(next.dueDate, expected);
    await t.put('/api/settings', { workshopName: 'Bengkel', timeZone: 'Asia/Jakarta' });
  });

  test('prints an invoice\'s time on the workshop\'s clock', async () => {
    await t.put('/api/settings', { workshopName: 'Bengkel', timeZone: 'Asia/Jayapura' });
    const vehicle = await createVehicle(t, (await createCustomer(t)).id);
    const service = await createService(t, vehicle.id, { status: 'in_progress', cost: 100000 });
    await t.patch(`/api/services/${service.id}`, { status: 'completed' });
    const invoice = (await t.post(`/api/services/${service.id}/invoice`, {})).body;
    const page = (await t.inject({ method: 'GET', url: `/api/invoices/${invoice.id}/print?lang=en` })).body;
    const time = new Intl.DateTimeFormat('en-GB', { timeStyle: 'short', timeZone: 'Asia/Jayapura' }).format(new Date(invoice.issuedAt));
    assert.ok(page.includes(time), `the page shows ${time} (WIT)`);
    await t.put('/api/settings', { workshopName: 'Bengkel', timeZone: 'Asia/Jakarta' });
  });
});
