// The job card in a real browser (issue 13): a service's parts, labour and fees added on its page,
// the amounts as the API computes them, the totals with PPN as they change, and no more changes
// once the service is completed; then its invoice, payments and what is still owed.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { explainTimeout, startStack, type Stack } from './harness.ts';

let stack: Stack;
before(async () => {
  stack = await startStack();
});
after(() => stack?.stop());

const post = (path: string, body: unknown) =>
  fetch(`${stack.api}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.token}` }, body: JSON.stringify(body) }).then((r) => r.json() as Promise<{ id: number }>);

describe('the job card', () => {
  test('lines added on the service page, totals with PPN, and nothing to add once completed', async () => {
    const customer = await post('/api/customers', { name: 'Bu Sari', phone: '0812-3456-7890' });
    const vehicle = await post('/api/vehicles', { customerId: customer.id, plateNumber: 'D 4321 XY', make: 'Toyota', model: 'Avanza' });
    const service = await post('/api/services', { vehicleId: vehicle.id, description: 'Servis 40.000 km', status: 'in_progress' });

    const page = await (await stack.newContext({ locale: 'en-GB' })).newPage();
    page.on('pageerror', (error) => assert.fail(`page error: ${error.message}`));
    await page.goto(`${stack.web}/services/${service.id}`);
    await page.getByRole('heading', { level: 2, name: 'Work' }).waitFor().catch((error: unknown) => explainTimeout(stack, page, error));
    await page.getByText('No parts or labour yet.').waitFor();

    const add = async (kind: string, description: string, quantity: string, price: string) => {
      await page.getByLabel('Kind').selectOption(kind);
      await page.getByLabel('Description').fill(description);
      await page.getByLabel('Quantity').fill(quantity);
      await page.getByLabel('Unit price').fill(price);
      await page.getByRole('button', { name: 'Add to the job' }).click();
      await page.getByRole('cell', { name: description, exact: true }).waitFor().catch((error: unknown) => explainTimeout(stack, page, error));
    };
    await add('part', 'Oli mesin 10W-40', '4', '75000');
    await add('labour', 'Ganti oli dan filter', '1.5', '100000');
    const amount = async (selector: string) => (await page.locator(selector).textContent())!.replace(/[^\d]/g, '');
    assert.equal(await amount('[data-subtotal]'), '450000');
    assert.equal(await amount('[data-tax]'), '49500', 'PPN 11 %');
    assert.equal(await amount('[data-total]'), '499500');

    await page.getByRole('button', { name: 'Remove Ganti oli dan filter' }).click();
    await page.getByRole('cell', { name: 'Ganti oli dan filter', exact: true }).waitFor({ state: 'detached' });
    assert.equal(await amount('[data-total]'), '333000');

    await page.getByRole('button', { name: 'Complete' }).click();
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.locator('[data-status="completed"]').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Add to the job' }).count(), 0, 'a completed job takes no more lines');
    assert.equal(await page.getByRole('button', { name: /^Remove/ }).count(), 0);

    // Invoice → payments → paid.
    await page.getByRole('button', { name: 'Invoice', exact: true }).click();
    const year = new Date().getUTCFullYear();
    await page.getByRole('heading', { level: 1, name: `Invoice INV-${year}-000001` }).waitFor().catch((error: unknown) => explainTimeout(stack, page, error));
    assert.equal(await amount('[data-invoice-total]'), '333000');
    assert.equal(await page.locator('[data-invoice-status]').textContent(), 'Unpaid');
    // To the customer: printed (the page as the browser gets it, signed in) or by WhatsApp.
    const printHref = (await page.getByRole('link', { name: 'Print receipt (80 mm)' }).getAttribute('href'))!;
    const printed = await page.request.get(new URL(printHref, stack.web).toString());
    assert.equal(printed.status(), 200);
    assert.match(await printed.text(), new RegExp(`<body class="r80">[\\s\\S]*Invoice INV-${year}-000001`));
    const whatsapp = (await page.locator('[data-whatsapp]').getAttribute('href'))!;
    assert.match(whatsapp, /^https:\/\/wa\.me\/6281234567890\?text=/);
    assert.match(decodeURIComponent(whatsapp), new RegExp(`Hello Bu Sari, here is invoice INV-${year}-000001 for D 4321 XY`));
    const pay = async (value: string, method: string) => {
      await page.getByLabel('Amount').fill(value);
      await page.getByLabel('Paid by').selectOption(method);
      await page.getByRole('button', { name: 'Record the payment' }).click();
    };
    await pay('400000', 'cash');
    await page.getByText('Please correct the highlighted fields.').or(page.getByRole('alert')).first().waitFor();
    assert.equal(await amount('[data-invoice-balance]'), '333000', 'more than the balance changes nothing');
    await pay('133000', 'cash');
    await page.locator('[data-invoice-balance]', { hasText: '200' }).waitFor();
    await pay('200000', 'qris');
    await page.locator('[data-invoice-status="paid"]').waitFor();
    assert.equal(await amount('[data-invoice-balance]'), '0');
    assert.equal(await page.getByRole('button', { name: 'Record the payment' }).count(), 0, 'nothing left to pay');
    await page.getByRole('link', { name: 'The service' }).click();
    await page.getByRole('link', { name: `Invoice INV-${year}-000001` }).waitFor();
  });

  test("a reminder added on the vehicle's page is Due, with a WhatsApp message to the owner, in Indonesian too", async () => {
    const customer = await post('/api/customers', { name: 'Pak Budi', phone: '0813-1111-2222' });
    const vehicle = await post('/api/vehicles', { customerId: customer.id, plateNumber: 'B 7777 KZ', make: 'Suzuki', model: 'Ertiga' });
    const context = await stack.newContext({ locale: 'id-ID' });
    await context.addInitScript(() => localStorage.setItem('bengkel.language', 'id'));
    const page = await context.newPage();
    page.on('pageerror', (error) => assert.fail(`page error: ${error.message}`));
    await page.goto(`${stack.web}/vehicles/${vehicle.id}`);
    await page.getByRole('heading', { level: 2, name: 'Pengingat' }).waitFor().catch((error: unknown) => explainTimeout(stack, page, error));
    const soon = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel('Tanggal jatuh tempo').fill(soon);
    await page.getByLabel('Ulangi setiap (bulan)').fill('6');
    await page.getByRole('button', { name: 'Simpan pengingat' }).click();
    await page.locator('[data-reminder]').waitFor().catch((error: unknown) => explainTimeout(stack, page, error));

    await page.getByRole('link', { name: 'Jatuh tempo' }).click();
    const due = page.locator('[data-due="soon"] [data-reminder]');
    await due.waitFor();
    await due.getByRole('button', { name: 'Kirim pesan ke pemilik' }).click();
    const whatsapp = (await due.locator('[data-whatsapp]').getAttribute('href'))!;
    assert.match(whatsapp, /^https:\/\/wa\.me\/6281311112222\?text=/);
    assert.match(decodeURIComponent(whatsapp), /^https:\/\/wa\.me\/6281311112222\?text=Halo Pak Budi, Suzuki Ertiga \(B 7777 KZ\) Anda sudah waktunya untuk ganti oli/);
  });
});
