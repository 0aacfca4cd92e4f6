// Invoices and payments (API.md v2): a completed service is invoiced once, its customer, vehicle
// and lines copied and never changed; numbers gapless and increasing even when issued at once;
// tax half-up to the cent; payments never above the balance, `paid` at 0; owners void with a
// reason, which frees the service; what has an invoice cannot be deleted.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { startApp, type TestApp } from '../helpers/app.ts';
import { createCustomer, createService, createVehicle } from '../helpers/data.ts';

let t: TestApp;
before(async () => {
  t = await startApp();
});
after(() => t.close());

const year = new Date().getUTCFullYear();

async function completedService(fields: Record<string, unknown> = {}, lines: Record<string, unknown>[] = []) {
  const customer = await createCustomer(t, { name: 'Pak Joko', phone: '0812-1111-2222', address: 'Jl. Asia Afrika 1' });
  const vehicle = await createVehicle(t, customer.id, { make: 'Daihatsu', model: 'Xenia' });
  const service = await createService(t, vehicle.id, { description: 'Servis berkala', status: 'in_progress', ...fields });
  for (const line of lines) assert.equal((await t.post(`/api/services/${service.id}/lines`, { kind: 'part', description: 'Part', ...line })).status, 201);
  assert.equal((await t.patch(`/api/services/${service.id}`, { status: 'completed' })).status, 200);
  return { customer, vehicle, service };
}

const issue = (serviceId: number) => t.post(`/api/services/${serviceId}/invoice`, undefined);

describe('invoices', () => {
  test('a completed service is invoiced with its lines, customer and vehicle copied, tax half-up, a numbered invoice', async () => {
    const { customer, vehicle, service } = await completedService({}, [
      { quantity: 4, unitPrice: 75000, partNumber: 'OLI-1' },
      { kind: 'labour', description: 'Jasa', quantity: 1.5, unitPrice: 33333.33 },
    ]);
    const issued = await issue(service.id);
    assert.equal(issued.status, 201, JSON.stringify(issued.body));
    assert.equal(issued.headers.location, `/api/invoices/${issued.body.id}`);
    const invoice = issued.body;
    assert.match(invoice.number, new RegExp(`^INV-${year}-\\d{6}$`));
    assert.deepEqual(invoice.customer, { name: 'Pak Joko', address: 'Jl. Asia Afrika 1', phone: '0812-1111-2222', email: customer.email });
    assert.deepEqual(invoice.vehicle, { plateNumber: vehicle.plateNumber, make: 'Daihatsu', model: 'Xenia' });
    assert.deepEqual(invoice.lines.map((l: { amount: number }) => l.amount), [300000, 50000]);
    assert.equal(invoice.subtotal, 350000);
    assert.equal(invoice.taxRate, 0.11);
    assert.equal(invoice.tax, 38500);
    assert.equal(invoice.total, 388500);
    assert.deepEqual([invoice.paid, invoice.balance, invoice.status, invoice.voidReason], [0, 388500, 'issued', null]);

    // Later edits never change it.
    await t.patch(`/api/customers/${customer.id}`, { name: 'Joko Susilo' });
    await t.put('/api/settings', { workshopName: 'Bengkel', taxRate: 0.12 });
    const again = (await t.get(`/api/invoices/${invoice.id}`)).body;
    assert.equal(again.customer.name, 'Pak Joko');
    assert.equal(again.tax, 38500);
    await t.put('/api/settings', { workshopName: 'Bengkel' });
  });

  test('a service without lines is one fee of its description and cost; tax rounds half-up', async () => {
    await t.put('/api/settings', { workshopName: 'Bengkel', taxRate: 0.11 });
    const { service } = await completedService({ cost: 12345.55 });
    const invoice = (await issue(service.id)).body;
    assert.deepEqual(invoice.lines, [{ kind: 'fee', description: 'Servis berkala', partNumber: null, quantity: 1, unitPrice: 12345.55, amount: 12345.55 }]);
    assert.equal(invoice.tax, 1358.01, '1358.0105 → 1358.01');
    assert.equal(invoice.total, 13703.56);
  });

  test('only a completed service, once: 409; a missing service 404', async () => {
    const vehicle = await createVehicle(t, (await createCustomer(t)).id);
    const open = await createService(t, vehicle.id);
    assert.equal((await issue(open.id)).status, 409);
    const { service } = await completedService({ cost: 1000 });
    assert.equal((await issue(service.id)).status, 201);
    const second = await issue(service.id);
    assert.equal(second.status, 409);
    assert.match(second.body.detail, /has an invoice already/);
    assert.equal((await issue(999999)).status, 404);
  });

  test('numbers are gapless and increasing even when issued at once, a refused one taking no number', async () => {
    const services = await Promise.all(Array.from({ length: 8 }, () => completedService({ cost: 5000 })));
    const issuedFirst = await issue(services[0]!.service.id);
    const replies = await Promise.all([...services.map((s) => issue(s.service.id)), issue(services[1]!.service.id)]);
    const numbers = [issuedFirst, ...replies].filter((r) => r.status === 201).map((r) => Number(r.body.number.slice(-6)));
    assert.equal(numbers.length, 8, 'each service once; the repeats refused');
    assert.deepEqual(replies.filter((r) => r.status !== 201).map((r) => r.status), [409, 409]);
    const all = (await t.get(`/api/invoices?limit=200`)).body.items.map((i: { number: string }) => Number(i.number.slice(-6))).sort((a: number, b: number) => a - b);
    assert.deepEqual(all, Array.from({ length: all.length }, (_, i) => i + 1), 'no gap, from 1');
  });

  test('payments bring the balance to 0 (then paid); more than the balance is 422 and changes nothing', async () => {
    const { service } = await completedService({ cost: 100000 });
    const invoice = (await issue(service.id)).body;
    const pay = (body: Record<string, unknown>) => t.post(`/api/invoices/${invoice.id}/payments`, body);
    const first = await pay({ amount: 50000, method: 'cash' });
    assert.equal(first.status, 201);
    assert.deepEqual([first.body.amount, first.body.method, first.body.reference], [50000, 'cash', null]);
    assert.equal((await pay({ amount: 61000.01, method: 'qris' })).status, 422);
    const refused = await pay({ amount: 61000.01, method: 'qris' });
    assert.equal(refused.body.errors[0].path, '/amount');
    assert.deepEqual(((await t.get(`/api/invoices/${invoice.id}`)).body as { balance: number }).balance, 61000);
    assert.equal((await pay({ amount: 61000, method: 'transfer', reference: 'BCA 123', paidAt: '2026-12-01T10:00:00.000Z' })).status, 201);
    const paid = (await t.get(`/api/invoices/${invoice.id}`)).body;
    assert.deepEqual([paid.paid, paid.balance, paid.status], [111000, 0, 'paid']);
    assert.equal((await pay({ amount: 0.01, method: 'cash' })).status, 422, 'nothing is owed');
    const list = (await t.get(`/api/invoices/${invoice.id}/payments`)).body;
    assert.deepEqual(list.items.map((p: { amount: number }) => p.amount), [50000, 61000]);
    for (const bad of [{ amount: 0, method: 'cash' }, { amount: 1.001, method: 'cash' }, { amount: 1, method: 'bitcoin' }, { amount: 1 }]) assert.equal((await pay(bad)).status, 400, JSON.stringify(bad));
    assert.equal((await t.post('/api/invoices/999999/payments', { amount: 1, method: 'cash' })).status, 404);
  });

  test('owners void with a reason: the number stays, no more payments, the service may be invoiced again', async () => {
    const { service } = await completedService({ cost: 20000 });
    const invoice = (await issue(service.id)).body;
    assert.equal((await (await t.as('frontdesk')).post(`/api/invoices/${invoice.id}/void`, { reason: 'Salah harga' })).status, 403);
    assert.equal((await t.post(`/api/invoices/${invoice.id}/void`, {})).status, 400);
    const voided = await t.post(`/api/invoices/${invoice.id}/void`, { reason: 'Salah harga' });
    assert.equal(voided.status, 200);
    assert.deepEqual([voided.body.status, voided.body.voidReason, voided.body.number], ['void', 'Salah harga', invoice.number]);
    assert.equal((await t.post(`/api/invoices/${invoice.id}/payments`, { amount: 1, method: 'cash' })).status, 409);
    assert.equal((await t.post(`/api/invoices/${invoice.id}/void`, { reason: 'again' })).status, 409);
    const next = await issue(service.id);
    assert.equal(next.status, 201);
    assert.notEqual(next.body.number, invoice.number);
  });

  test('a service, vehicle or customer with an invoice cannot be deleted (409)', async () => {
    const { customer, vehicle, service } = await completedService({ cost: 1000 });
    await issue(service.id);
    assert.equal((await t.delete(`/api/services/${service.id}`)).status, 409);
    assert.equal((await t.delete(`/api/vehicles/${vehicle.id}`)).status, 409);
    assert.equal((await t.delete(`/api/customers/${customer.id}`)).status, 409);
  });

  test('the list filters by status, customer and time, and finds by number, name or plate', async () => {
    const { customer, vehicle, service } = await completedService({ cost: 777 });
    const invoice = (await issue(service.id)).body;
    const ids = async (query: string) => (await t.get(`/api/invoices${query}`)).body.items.map((i: { id: number }) => i.id);
    assert.deepEqual(await ids(`?customerId=${customer.id}`), [invoice.id]);
    assert.deepEqual(await ids(`?serviceId=${service.id}`), [invoice.id]);
    assert.ok((await ids(`?q=${encodeURIComponent(invoice.number)}`)).includes(invoice.id));
    assert.ok((await ids(`?q=${encodeURIComponent(vehicle.plateNumber.replace(/\s+/g, '').toLowerCase())}`)).includes(invoice.id));
    assert.ok((await ids('?status=issued&limit=200')).includes(invoice.id));
    assert.ok(!(await ids('?status=paid&limit=200')).includes(invoice.id));
    assert.equal((await t.get('/api/invoices?to=2000-01-01')).body.total, 0);
    assert.equal((await t.get('/api/invoices?status=lost')).status, 400);
  });

  test('the print page: A4 or 80 mm, English or Indonesian, the workshop\'s details, everything escaped, no script', async () => {
    await t.put('/api/settings', { workshopName: 'Bengkel Maju Jaya', address: 'Jl. Merdeka 10, Bandung', taxId: '01.234.567.8-901.000' });
    const customer = await createCustomer(t, { name: '<script>alert(1)</script> Budi' });
    const vehicle = await createVehicle(t, customer.id);
    const service = await createService(t, vehicle.id, { status: 'in_progress', description: 'Tune-up & "rem"', cost: 250000 });
    await t.patch(`/api/services/${service.id}`, { status: 'completed' });
    const issued = await issue(service.id);
    assert.equal(issued.status, 201, JSON.stringify(issued.body));
    const invoice = issued.body;
    const en = await t.inject({ method: 'GET', url: `/api/invoices/${invoice.id}/print` });
    assert.equal(en.statusCode, 200, en.body);
    assert.match(String(en.headers['content-type']), /^text\/html/);
    assert.match(String(en.headers['content-security-policy']), /default-src 'none'; style-src 'sha256-/);
    assert.match(en.body, /<html lang="en">/);
    assert.match(en.body, new RegExp(`Invoice ${invoice.number}`));
    assert.match(en.body, /Bengkel Maju Jaya/);
    assert.match(en.body, /Tax ID: 01\.234\.567\.8-901\.000/);
    assert.match(en.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt; Budi/);
    assert.doesNotMatch(en.body, /<script/);
    assert.match(en.body, /Tune-up &amp; &quot;rem&quot;/);
    assert.match(en.body, /<body class="a4">/);
    const id = await t.inject({ method: 'GET', url: `/api/invoices/${invoice.id}/print?lang=id&paper=80mm` });
    assert.match(id.body, /<html lang="id">/);
    assert.match(id.body, new RegExp(`Nota ${invoice.number}`));
    assert.match(id.body, /BELUM LUNAS/);
    assert.match(id.body, /<body class="r80">/);
    assert.match(id.body, /Rp\s?277\.500/, 'Rupiah as Indonesians write it: 250 000 + PPN 11 %');
    assert.equal((await t.inject({ method: 'GET', url: `/api/invoices/${invoice.id}/print?lang=fr` })).statusCode, 400);
    assert.equal((await t.inject({ method: 'GET', url: '/api/invoices/999999/print' })).statusCode, 404);
    await t.put('/api/settings', { workshopName: 'Bengkel' });
  });

  test('a mechanic sees no invoices', async () => {
    const mechanic = await t.as('mechanic');
    assert.equal((await mechanic.get('/api/invoices')).status, 403);
  });

  test('property: whatever the payments, paid never passes the total and the balance is exact', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 60_000 }).map((n) => n / 100), { minLength: 1, maxLength: 6 }), async (amounts) => {
        const { service } = await completedService({ cost: 1000 });
        const invoice = (await issue(service.id)).body;
        let paidCents = 0;
        const totalCents = Math.round(invoice.total * 100);
        for (const amount of amounts) {
          const reply = await t.post(`/api/invoices/${invoice.id}/payments`, { amount, method: 'cash' });
          const cents = Math.round(amount * 100);
          if (paidCents + cents <= totalCents) {
            assert.equal(reply.status, 201);
            paidCents += cents;
          } else assert.equal(reply.status, 422);
        }
        const now = (await t.get(`/api/invoices/${invoice.id}`)).body;
        assert.equal(Math.round(now.paid * 100), paidCents);
        assert.equal(Math.round(now.balance * 100), totalCents - paidCents);
        assert.equal(now.status, paidCents === totalCents ? 'paid' : 'issued');
      }),
      { numRuns: 8 },
    );
  });
});
