// What a person at the counter needs, in a real browser (issue 13): today's board (scheduled
// today, in progress, ready for pickup), the services list with the plate and the customer and
// searched by plate, a job that says whose it is with a number to call, Complete asking for the
// final mileage, and a customer's timeline of vehicles, jobs, invoices and payments.

import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { explainTimeout, startStack, type Stack } from './harness.ts';

let stack: Stack;
before(async () => {
  stack = await startStack();
});
after(() => stack?.stop());

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function send(method: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(`${stack.api}${path}`, {
    method,
    headers: { authorization: `Bearer ${stack.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const answer = await response.json();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(answer)}`);
  return answer;
}
const post = (path: string, body?: unknown) => send('POST', path, body);
const patch = (path: string, body: unknown) => send('PATCH', path, body);

let plates = 0;
/** A plate of its own for each vehicle: `D 1xyz AB`, digits from the time and a counter. */
const plate = () => `D ${(Date.now() + plates++) % 9000 + 1000} ${'ABCDEFGHJK'[plates % 10]}K`;

async function carOf(customer: { name: string; phone?: string }, vehicle: Record<string, unknown> = {}) {
  const owner = await post('/api/customers', customer);
  const car = await post('/api/vehicles', { customerId: owner.id, plateNumber: plate(), make: 'Toyota', model: 'Avanza', ...vehicle });
  return { owner, car };
}

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** The WCAG 2.1 A and AA violations axe-core finds on the page as it is now. */
async function violations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(c: unknown, o: unknown): Promise<{ violations: { id: string; nodes: unknown[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => (n as { failureSummary?: string }).failureSummary).join(' | ')}`);
  });
}

async function pageIn(language: 'en' | 'id' = 'en', bypassCSP = false): Promise<Page> {
  const context = await stack.newContext({ locale: language === 'id' ? 'id-ID' : 'en-GB', bypassCSP });
  await context.addInitScript((lang) => localStorage.setItem('bengkel.language', lang), language);
  const page = await context.newPage();
  page.on('pageerror', (error) => assert.fail(`page error: ${error.message}`));
  return page;
}

describe('at the counter', () => {
  test("today's board: scheduled today, in progress, and completed jobs not yet paid, each card opening its job", async () => {
    const { owner, car } = await carOf({ name: 'Ibu Ratna', phone: '0812-1111-2222' });
    const job = (description: string, fields: Record<string, unknown> = {}) => post('/api/services', { vehicleId: car.id, description, ...fields });
    const today = await job('Ganti oli hari ini', { scheduledAt: new Date().toISOString(), mechanic: 'Agus' });
    const tomorrow = await job('Besok saja', { scheduledAt: new Date(Date.now() + 2 * 86_400_000).toISOString() });
    const working = await job('Tune-up', { status: 'in_progress', mechanic: 'Joko' });
    const done = async (description: string) => {
      const service = await job(description, { status: 'in_progress', cost: 150000 });
      return patch(`/api/services/${service.id}`, { status: 'completed' });
    };
    const notInvoiced = await done('Rem depan');
    const owing = await done('Aki baru');
    const owingInvoice = await post(`/api/services/${owing.id}/invoice`);
    await post(`/api/invoices/${owingInvoice.id}/payments`, { amount: 100000, method: 'cash' });
    const paid = await done('Spooring');
    const paidInvoice = await post(`/api/services/${paid.id}/invoice`);
    await post(`/api/invoices/${paidInvoice.id}/payments`, { amount: paidInvoice.total, method: 'qris' });

    const page = await pageIn();
    await page.goto(`${stack.web}/`);
    await page.getByRole('navigation', { name: 'Bengkel' }).getByRole('link', { name: 'Today' }).click();
    await page.getByRole('heading', { level: 1, name: 'Today' }).waitFor().catch((error: unknown) => explainTimeout(stack, page, error));
    const column = (key: string) => page.locator(`[data-column="${key}"]`);
    const ids = async (key: string) => (await column(key).locator('[data-job]').evaluateAll((cards) => cards.map((card) => Number(card.getAttribute('data-job'))))).sort();
    await column('scheduled').locator('[data-job]').first().waitFor().catch((error: unknown) => explainTimeout(stack, page, error));
    assert.equal(await column('scheduled').getByRole('heading', { level: 2 }).innerText(), 'Scheduled today (1)');
    assert.deepEqual(await ids('scheduled'), [today.id], 'only today: not tomorrow');
    assert.ok(!(await ids('scheduled')).includes(tomorrow.id));
    assert.deepEqual(await ids('in_progress'), [working.id]);
    assert.deepEqual(await ids('waiting'), [notInvoiced.id, owing.id].sort(), 'a paid job is not waiting');

    const card = column('scheduled').locator(`[data-job="${today.id}"]`);
    for (const text of [car.plateNumber, 'Toyota Avanza', owner.name, 'Ganti oli hari ini', 'Agus']) assert.ok((await card.innerText()).includes(text), text);
    assert.match(await column('waiting').locator(`[data-job="${notInvoiced.id}"]`).innerText(), /Not invoiced yet/);
    assert.match(await column('waiting').locator(`[data-job="${owing.id}"]`).innerText(), /Still owed/);

    await column('in_progress').locator(`[data-job="${working.id}"]`).click();
    await page.getByRole('heading', { level: 1, name: 'Tune-up' }).waitFor();
    assert.equal(new URL(page.url()).pathname, `/services/${working.id}`);

    // The same board in Indonesian.
    const id = await pageIn('id');
    await id.goto(`${stack.web}/today`);
    await id.getByRole('heading', { level: 2, name: /^Siap diambil/ }).waitFor().catch((error: unknown) => explainTimeout(stack, id, error));
    await id.getByText('Belum dibuatkan nota').first().waitFor();
  });

  test('the services list names the plate and the customer, and finds a job by its plate typed any way', async () => {
    const { owner, car } = await carOf({ name: 'Pak Harun' });
    const mine = await post('/api/services', { vehicleId: car.id, description: 'Kampas kopling' });
    const other = await carOf({ name: 'Bu Lina' });
    await post('/api/services', { vehicleId: other.car.id, description: 'Kampas kopling' });

    const page = await pageIn();
    await page.goto(`${stack.web}/services`);
    await page.getByRole('heading', { level: 1, name: 'Services' }).waitFor().catch((error: unknown) => explainTimeout(stack, page, error));
    const typed = car.plateNumber.replace(/ /g, '').toLowerCase(); // "d1234ak"
    await page.getByLabel('Search').fill(typed);
    await page.waitForURL(new RegExp(`q=${typed}`));
    const rows = page.locator('tbody tr');
    await rows.filter({ hasText: owner.name }).waitFor().catch((error: unknown) => explainTimeout(stack, page, error));
    assert.equal(await rows.count(), 1, 'only the job on that plate');
    const row = rows.first();
    assert.ok((await row.innerText()).includes(car.plateNumber));
    assert.ok((await row.innerText()).includes('Toyota Avanza'));
    await row.getByRole('link', { name: owner.name }).click();
    await page.getByRole('heading', { level: 1, name: owner.name }).waitFor();
    assert.equal(new URL(page.url()).pathname, `/customers/${owner.id}`);

    // The vehicles list names each owner.
    await page.goto(`${stack.web}/vehicles?q=${encodeURIComponent(other.car.plateNumber)}`);
    await page.locator('tbody tr', { hasText: 'Bu Lina' }).waitFor().catch((error: unknown) => explainTimeout(stack, page, error));
    assert.equal(mine.vehicle.customerName, owner.name);
  });

  test('Complete asks for the final mileage, prefilled with the known one, refuses a negative, and sends it with the move', async () => {
    const { owner, car } = await carOf({ name: 'Mas Dimas', phone: '+62 813-5555-0101' }, { mileage: 40000 });
    const service = await post('/api/services', { vehicleId: car.id, description: 'Servis berkala', status: 'in_progress' });

    const page = await pageIn();
    await page.goto(`${stack.web}/services/${service.id}`);
    await page.getByRole('heading', { level: 1, name: 'Servis berkala' }).waitFor().catch((error: unknown) => explainTimeout(stack, page, error));
    // Whose it is, and a number to call.
    await page.getByRole('link', { name: owner.name, exact: true }).waitFor();
    const call = page.locator('[data-call]');
    assert.equal(await call.getAttribute('href'), 'tel:+6281355550101');
    assert.equal(await call.innerText(), '+62 813-5555-0101');

    await page.getByRole('button', { name: 'Complete' }).click();
    const dialog = page.getByRole('dialog');
    const mileage = dialog.getByLabel('Final mileage (km)');
    assert.equal(await mileage.inputValue(), '40000', "the vehicle's known mileage");
    await mileage.fill('-5');
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await dialog.getByText('The smallest allowed is 0.').waitFor();
    assert.equal((await send('GET', `/api/services/${service.id}`)).status, 'in_progress', 'nothing sent');
    await mileage.fill('41500');
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await page.locator('[data-status="completed"]').waitFor().catch((error: unknown) => explainTimeout(stack, page, error));
    const stored = await send('GET', `/api/services/${service.id}`);
    assert.deepEqual([stored.status, stored.mileage], ['completed', 41500]);
    assert.equal((await send('GET', `/api/vehicles/${car.id}`)).mileage, 41500, "the vehicle's mileage follows");

    // Cancel in the dialog changes nothing.
    const another = await post('/api/services', { vehicleId: car.id, description: 'Cek AC', status: 'in_progress', mileage: 41600 });
    await page.goto(`${stack.web}/services/${another.id}`);
    await page.getByRole('button', { name: 'Complete' }).click();
    assert.equal(await page.getByRole('dialog').getByLabel('Final mileage (km)').inputValue(), '41600', "the service's own mileage first");
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    assert.equal((await send('GET', `/api/services/${another.id}`)).status, 'in_progress');
  });

  test("a customer's timeline: vehicles, jobs, invoices and payments, newest first, each opening its page", async () => {
    const { owner, car } = await carOf({ name: 'Bu Wati', phone: '0812 9999 0000' });
    const service = await post('/api/services', { vehicleId: car.id, description: 'Ganti ban', status: 'in_progress', cost: 800000 });
    await patch(`/api/services/${service.id}`, { status: 'completed' });
    const invoice = await post(`/api/services/${service.id}/invoice`);
    await post(`/api/invoices/${invoice.id}/payments`, { amount: 300000, method: 'transfer' });
    const second = await post('/api/vehicles', { customerId: owner.id, plateNumber: plate(), make: 'Honda', model: 'Beat' });

    const page = await pageIn();
    await page.goto(`${stack.web}/customers/${owner.id}`);
    await page.getByRole('heading', { level: 2, name: 'Timeline' }).waitFor().catch((error: unknown) => explainTimeout(stack, page, error));
    const items = page.locator('[data-timeline] li');
    await items.first().waitFor().catch((error: unknown) => explainTimeout(stack, page, error));
    assert.deepEqual(await items.evaluateAll((lis) => lis.map((li) => li.getAttribute('data-kind'))), ['vehicle', 'payment', 'invoice', 'service', 'vehicle']);
    const texts = await items.allInnerTexts();
    assert.match(texts[0]!, new RegExp(`Vehicle ${second.plateNumber} added \\(Honda Beat\\)`));
    assert.match(texts[1]!, new RegExp(`Payment of .*300[.,]000 \\(Bank transfer\\) for invoice ${invoice.number}`));
    assert.match(texts[2]!, new RegExp(`Invoice ${invoice.number}`));
    assert.match(texts[3]!, new RegExp(`${car.plateNumber}: Ganti ban`));
    await items.nth(3).getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: 'Ganti ban' }).waitFor();
    await page.goBack();
    await items.nth(1).getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: `Invoice ${invoice.number}` }).waitFor();
  });

  test('the board, a job with its mileage question, and a timeline pass the WCAG 2.1 A and AA checks of axe-core', async () => {
    const { owner, car } = await carOf({ name: 'Pak Yusuf', phone: '0811 2233 4455' });
    const service = await post('/api/services', { vehicleId: car.id, description: 'Ganti busi', status: 'in_progress', mechanic: 'Agus' });
    // Our CSP rightly refuses the injected checker; this context lets it in.
    const page = await pageIn('en', true);
    for (const [path, ready] of [
      ['/today', `[data-job="${service.id}"]`],
      [`/customers/${owner.id}`, '[data-timeline]'],
      ['/services?q=' + encodeURIComponent(car.plateNumber), 'tbody tr'],
      ['/vehicles', 'tbody tr'],
      [`/services/${service.id}`, '[data-call]'],
    ] as const) {
      await page.goto(`${stack.web}${path}`);
      await page.locator(ready).first().waitFor().catch((error: unknown) => explainTimeout(stack, page, error));
      assert.deepEqual(await violations(page), [], path);
    }
    await page.getByRole('button', { name: 'Complete' }).click();
    await page.getByRole('dialog').getByLabel('Final mileage (km)').fill('-1');
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('dialog').getByRole('alert').waitFor();
    assert.deepEqual(await violations(page), [], 'the mileage question, with its error');
  });
});
