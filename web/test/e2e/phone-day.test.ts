// A workshop's day on a phone (issue 13), in English and in Indonesian: a job booked from the
// vehicle's page, its parts and labour, started, completed with the final mileage, invoiced,
// printed, paid by QRIS; a reminder for the next service, found on the Due page through the
// phone's menu, with its WhatsApp message in the same language. Every page fits the screen and
// every control is at least 44 px tall.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { en } from '../../src/i18n/en.ts';
import { id } from '../../src/i18n/id.ts';
import { explainTimeout, startStack, type Stack } from './harness.ts';

let stack: Stack;
before(async () => {
  stack = await startStack();
});
after(() => stack?.stop());

const post = (path: string, body: unknown) =>
  fetch(`${stack.api}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.token}` }, body: JSON.stringify(body) }).then(
    (r) => r.json() as Promise<{ id: number }>,
  );

const PHONE = { width: 360, height: 740 };

/** The page fits the phone's width, and its visible buttons, fields and menu links are tappable. */
async function fitsThePhone(page: Page, where: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= PHONE.width, `${where} is ${width}px wide`);
  const small = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('main button, main input:not([type=checkbox]):not([type=radio]):not([type=file]), main select, nav button')]
      .filter((element) => element.offsetParent !== null)
      .map((element) => ({ what: element.outerHTML.slice(0, 80), height: element.getBoundingClientRect().height }))
      .filter((control) => control.height < 43.5),
  );
  assert.deepEqual(small, [], `${where}: controls under 44 px`);
}

for (const [language, L, locale, message] of [
  ['en', en, 'en-GB', 'Hello Bu Ratna, your Honda Mobilio (B 2468 PH) is due'],
  ['id', id, 'id-ID', 'Halo Pak Wayan, Honda Mobilio (D 1357 HP) Anda sudah waktunya'],
] as const) {
  describe(`a day on a phone in ${language === 'en' ? 'English' : 'Indonesian'}`, () => {
    test('booking → lines → complete → invoice → print → payment → reminder → WhatsApp', async () => {
      const plate = language === 'en' ? 'B 2468 PH' : 'D 1357 HP';
      const customer = await post('/api/customers', { name: language === 'en' ? 'Bu Ratna' : 'Pak Wayan', phone: '0812-9876-5432' });
      const vehicle = await post('/api/vehicles', { customerId: customer.id, plateNumber: plate, make: 'Honda', model: 'Mobilio', mileage: 40000 });

      const context = await stack.newContext({ viewport: PHONE, locale, hasTouch: true, isMobile: true });
      await context.addInitScript((chosen) => localStorage.setItem('bengkel.language', chosen), language);
      const page = await context.newPage();
      page.on('pageerror', (error) => assert.fail(`page error: ${error.message}`));

      // Booked from the vehicle's page.
      await page.goto(`${stack.web}/vehicles/${vehicle.id}`);
      await page.getByRole('heading', { level: 1, name: plate }).waitFor().catch((error: unknown) => explainTimeout(stack, page, error));
      await fitsThePhone(page, 'the vehicle');
      await page.getByRole('link', { name: L['vehicles.addService'] }).first().click();
      const work = language === 'en' ? 'Service at 40,000 km' : 'Servis 40.000 km';
      await page.getByLabel(L['services.description']).fill(work);
      await fitsThePhone(page, 'the booking form');
      await page.getByRole('button', { name: L['common.save'] }).click();
      await page.getByRole('heading', { level: 1, name: work }).waitFor().catch((error: unknown) => explainTimeout(stack, page, error));

      // Started, its lines added, completed with the odometer's reading.
      await page.getByRole('button', { name: L['services.start'] }).click();
      await page.locator('[data-status="in_progress"]').waitFor();
      const add = async (kind: string, description: string, quantity: string, price: string) => {
        await page.getByLabel(L['lines.kind']).selectOption(kind);
        await page.getByLabel(L['lines.description']).fill(description);
        await page.getByLabel(L['lines.quantity']).fill(quantity);
        await page.getByLabel(L['lines.unitPrice']).fill(price);
        await page.getByRole('button', { name: L['lines.add'] }).click();
        await page.getByText(description, { exact: true }).first().waitFor().catch((error: unknown) => explainTimeout(stack, page, error));
      };
      await add('part', 'Oli mesin 10W-40', '4', '75000');
      await add('labour', 'Ganti oli dan filter', '1.5', '100000');
      await fitsThePhone(page, 'the job card');
      await page.getByRole('button', { name: L['services.complete'] }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel(L['services.finalMileage']).fill('41250');
      await dialog.getByRole('button', { name: L['common.confirm'] }).click();
      await page.locator('[data-status="completed"]').waitFor().catch((error: unknown) => explainTimeout(stack, page, error));

      // Invoiced: 450 000 + PPN 11 % = 499 500; printed for the receipt printer in the same language.
      await page.getByRole('button', { name: L['invoices.create'], exact: true }).click();
      await page.locator('[data-invoice-total]').waitFor().catch((error: unknown) => explainTimeout(stack, page, error));
      assert.equal((await page.locator('[data-invoice-total]').textContent())!.replace(/[^\d]/g, ''), '499500');
      await fitsThePhone(page, 'the invoice');
      const printHref = (await page.getByRole('link', { name: L['invoices.printReceipt'] }).getAttribute('href'))!;
      assert.match(printHref, new RegExp(`lang=${language}&paper=80mm`));
      const printed = await page.request.get(new URL(printHref, stack.web).toString());
      assert.equal(printed.status(), 200);
      assert.match(await printed.text(), new RegExp(`<html lang="${language}"[\\s\\S]*${plate}`));

      // Paid in full by QRIS.
      await page.getByLabel(L['invoices.amount']).fill('499500');
      await page.getByLabel(L['invoices.method']).selectOption('qris');
      await page.getByRole('button', { name: L['invoices.pay'] }).click();
      await page.locator('[data-invoice-status="paid"]').waitFor().catch((error: unknown) => explainTimeout(stack, page, error));

      // The next service, reminded: on the vehicle's page, then Due through the phone's menu.
      await page.goto(`${stack.web}/vehicles/${vehicle.id}`);
      await page.getByRole('heading', { level: 1, name: plate }).waitFor();
      const soon = new Date(Date.now() + 12 * 86_400_000).toISOString().slice(0, 10);
      await page.getByLabel(L['reminders.dueDate']).fill(soon);
      await page.getByRole('button', { name: L['reminders.save'] }).click();
      const saved = page.locator('[data-reminder]');
      await saved.waitFor().catch((error: unknown) => explainTimeout(stack, page, error));
      const reminder = await saved.getAttribute('data-reminder');
      await page.getByRole('button', { name: L['nav.menu'] }).click();
      await page.getByRole('link', { name: L['nav.due'], exact: true }).click();
      const due = page.locator(`[data-due="soon"] [data-reminder="${reminder}"]`);
      await due.waitFor().catch((error: unknown) => explainTimeout(stack, page, error));
      await fitsThePhone(page, 'Due');
      await due.getByRole('button', { name: L['reminders.message'] }).click();
      const whatsapp = (await due.locator('[data-whatsapp]').getAttribute('href'))!;
      assert.match(whatsapp, /^https:\/\/wa\.me\/6281298765432\?text=/);
      assert.ok(decodeURIComponent(whatsapp).includes(`text=${message}`), decodeURIComponent(whatsapp));
    });
  });
}
