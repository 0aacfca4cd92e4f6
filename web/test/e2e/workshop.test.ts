// A workshop's day in a real browser: Chromium against nginx serving the build and the API on
// PostgreSQL.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { createRequire } from 'node:module';
import { explainTimeout, startStack, type Stack } from './harness.ts';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

let stack: Stack;
before(async () => {
  stack = await startStack();
});
after(() => stack?.stop());

const unique = () => Date.now().toString(36).toUpperCase() + Math.floor(Math.random() * 1000);

async function newPage(viewport = { width: 1280, height: 900 }, locale = 'en-US', bypassCSP = false): Promise<Page> {
  const context = await stack.newContext({ viewport, locale, bypassCSP });
  const page = await context.newPage();
  page.on('pageerror', (error) => assert.fail(`page error: ${error.message}`));
  return page;
}

async function createCustomer(page: Page, name: string, email: string) {
  await page.goto(`${stack.web}/customers/new`);
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Phone').fill('+62 812 3456 7890');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor().catch((error: unknown) => explainTimeout(stack, page, error));
}

async function addVehicle(page: Page, plate: string) {
  await page.getByRole('link', { name: 'Add a vehicle' }).click();
  await page.getByRole('heading', { level: 1, name: 'New vehicle' }).waitFor();
  await page.getByLabel('Plate number').fill(plate);
  await page.getByLabel('Make').fill('Toyota');
  await page.getByLabel('Model').fill('Avanza');
  await page.getByRole('button', { name: 'Save' }).click();
}

describe('the workshop in a browser', () => {
  test('register a customer and a vehicle, schedule, start and complete a service, see revenue', async () => {
    const page = await newPage();
    const name = `Budi ${unique()}`;
    await createCustomer(page, name, `${unique().toLowerCase()}@example.com`);
    // The figures, once the workshop has a customer (an empty one shows where to start instead).
    const customerPage = page.url();
    await page.goto(`${stack.web}/`);
    const revenueBefore = await page.locator('[data-stat="revenue"] .value').textContent();
    await page.goto(customerPage);
    await page.getByRole('heading', { level: 1, name }).waitFor();
    const plate = `B ${unique().slice(-6)}`;
    await addVehicle(page, plate.toLowerCase());
    await page.getByRole('heading', { level: 1, name: plate }).waitFor();

    await page.getByRole('link', { name: 'Schedule a service' }).click();
    await page.getByLabel('Work to do').fill('Oil change and brake check');
    await page.getByLabel('Cost').fill('350000');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { level: 1, name: 'Oil change and brake check' }).waitFor();
    assert.equal(await page.locator('.badge').first().textContent(), 'Scheduled');

    await page.getByRole('button', { name: 'Start work' }).click();
    await page.locator('.badge', { hasText: 'In progress' }).waitFor();
    await page.getByRole('button', { name: 'Complete' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    await page.locator('.badge', { hasText: 'Completed' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Start work' }).count(), 0, 'a completed service offers no moves');

    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.locator('[data-stat="revenue"]').waitFor();
    const revenueAfter = await page.locator('[data-stat="revenue"] .value').textContent();
    assert.notEqual(revenueAfter, revenueBefore);
    assert.match(revenueAfter ?? '', /350[.,]000/);
  });

  test('a duplicate plate is explained on the plate field, and what was typed stays', async () => {
    const page = await newPage();
    await createCustomer(page, `Siti ${unique()}`, `${unique().toLowerCase()}@example.com`);
    const plate = `D ${unique().slice(-6)}`;
    await addVehicle(page, plate);
    await page.getByRole('heading', { level: 1, name: plate }).waitFor();
    await page.getByRole('link', { name: /Owned by/ }).click();
    await addVehicle(page, ` ${plate.toLowerCase()} `);
    const field = page.getByLabel('Plate number');
    await page.locator('#field-plateNumber-error').waitFor({ state: 'visible' });
    assert.equal(await field.getAttribute('aria-invalid'), 'true');
    assert.match((await page.locator('#field-plateNumber-error').textContent()) ?? '', /already has this plate number/);
    assert.equal(await page.getByLabel('Make').inputValue(), 'Toyota');
  });

  test('deleting a customer who owns a vehicle is refused with an explanation', async () => {
    const page = await newPage();
    const name = `Agus ${unique()}`;
    await createCustomer(page, name, `${unique().toLowerCase()}@example.com`);
    await addVehicle(page, `F ${unique().slice(-6)}`);
    await page.getByRole('link', { name: /Owned by/ }).click();
    await page.getByRole('heading', { level: 1, name }).waitFor().catch((error: unknown) => explainTimeout(stack, page, error));
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('alert').waitFor();
    assert.match((await page.getByRole('alert').textContent()) ?? '', /still owns vehicles/);
    assert.equal(await page.getByRole('heading', { level: 1, name }).count(), 1, 'still on the customer');
  });

  test('the owner picker finds a customer by typing; no owner chosen is explained at the field', async () => {
    const page = await newPage();
    const name = `Rina ${unique()}`;
    await createCustomer(page, name, `${unique().toLowerCase()}@example.com`);
    await page.goto(`${stack.web}/vehicles/new`);
    await page.getByLabel('Plate number').fill(`E ${unique().slice(-6)}`);
    await page.getByLabel('Make').fill('Daihatsu');
    await page.getByLabel('Model').fill('Xenia');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('#field-customerId-error').waitFor({ state: 'visible' });
    assert.match((await page.locator('#field-customerId-error').textContent()) ?? '', /Choose an owner/);

    await page.getByLabel('Owner').fill(name.split(' ')[1]!);
    await page.getByRole('option', { name: new RegExp(name) }).click();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('link', { name: `Owned by ${name}` }).waitFor();
  });

  test('the language switch changes the page, and is remembered', async () => {
    const page = await newPage();
    await page.goto(`${stack.web}/customers`);
    await page.getByRole('heading', { level: 1, name: 'Customers' }).waitFor();
    await page.getByLabel('Language').selectOption('id');
    await page.getByRole('heading', { level: 1, name: 'Pelanggan' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Pelanggan' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'id');
  });

  test('a browser set to Indonesian starts in Indonesian', async () => {
    const page = await newPage(undefined, 'id-ID');
    await page.goto(`${stack.web}/`);
    await page.getByRole('heading', { level: 1, name: 'Dasbor' }).waitFor();
  });

  test('works on a phone-sized screen without sideways scrolling', async () => {
    const page = await newPage({ width: 360, height: 740 });
    await createCustomer(page, `Dewi ${unique()}`, `${unique().toLowerCase()}@example.com`);
    for (const path of ['/', '/customers', '/vehicles', '/services']) {
      await page.goto(`${stack.web}${path}`);
      await page.locator('h1').waitFor();
      await page.waitForLoadState('networkidle');
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 360, `${path} is ${width}px wide`);
    }
  });

  test('every page passes the WCAG 2.1 A and AA checks of axe-core', async () => {
    // Our CSP rightly refuses the injected checker; this context lets it in.
    const page = await newPage(undefined, undefined, true);
    await createCustomer(page, `Eko ${unique()}`, `${unique().toLowerCase()}@example.com`);
    const customerPath = new URL(page.url()).pathname;
    await addVehicle(page, `G ${unique().slice(-6)}`);
    await page.locator('h1').waitFor();
    const vehiclePath = new URL(page.url()).pathname;
    for (const path of ['/', '/customers', customerPath, '/customers/new', '/vehicles', vehiclePath, '/vehicles/new', '/services', '/services/new', '/services/99999', '/nope']) {
      await page.goto(`${stack.web}${path}`);
      await page.locator('h1').waitFor();
      await page.waitForLoadState('networkidle');
      await page.addScriptTag({ path: AXE });
      const violations = await page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run(c: unknown, o: unknown): Promise<{ violations: { id: string; nodes: unknown[] }[] }> } }).axe;
        const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
        return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => (n as { failureSummary?: string }).failureSummary).join(' | ')}`);
      });
      assert.deepEqual(violations, [], path);
    }
  });

  test('back and forward move between pages, and a reload keeps the page', async () => {
    const page = await newPage();
    await page.goto(`${stack.web}/`);
    await page.getByRole('link', { name: 'Customers' }).click();
    await page.getByRole('heading', { level: 1, name: 'Customers' }).waitFor();
    await page.getByRole('link', { name: 'Services' }).click();
    await page.getByRole('heading', { level: 1, name: 'Services' }).waitFor();
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: 'Customers' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Customers' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/customers');
  });
});
