// What a new user hit on the first day (issue 9, part 4), in a real browser: money read the way
// their language writes it, Rupiah without decimals, "required" said as such, no silent
// truncation, focus that stays where the work is, and pages that say what is not there.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { explainTimeout, startStack, type Stack } from './harness.ts';

let stack: Stack;
before(async () => {
  stack = await startStack();
});
after(() => stack?.stop());

const unique = () => Date.now().toString(36).toUpperCase() + Math.floor(Math.random() * 1000);

type Language = 'en' | 'id';
const WORDS = {
  en: { name: 'Name', email: 'Email', save: 'Save', plate: 'Plate number', make: 'Make', model: 'Model', addVehicle: 'Add a vehicle', newVehicle: 'New vehicle', schedule: 'Schedule a service', work: 'Work to do', cost: 'Cost', edit: 'Edit' },
  id: { name: 'Nama', email: 'Email', save: 'Simpan', plate: 'Nomor polisi', make: 'Merek', model: 'Model', addVehicle: 'Tambah kendaraan', newVehicle: 'Kendaraan baru', schedule: 'Jadwalkan servis', work: 'Pekerjaan', cost: 'Biaya', edit: 'Ubah' },
};

async function newPage(language: Language = 'en'): Promise<Page> {
  const context = await stack.newContext({ viewport: { width: 1280, height: 900 }, locale: language === 'id' ? 'id-ID' : 'en-GB' });
  // The app's own language setting, as if chosen before (the browser locale alone would pick it too).
  await context.addInitScript((lang) => localStorage.setItem('bengkel.language', lang), language);
  const page = await context.newPage();
  page.on('pageerror', (error) => assert.fail(`page error: ${error.message}`));
  return page;
}

/** A customer with a vehicle, through the UI; leaves the page on the vehicle. */
async function vehicleOf(page: Page, language: Language = 'en'): Promise<string> {
  const w = WORDS[language];
  const name = `Wati ${unique()}`;
  await page.goto(`${stack.web}/customers/new`);
  await page.getByLabel(w.name).fill(name);
  await page.getByLabel(w.email).fill(`${unique().toLowerCase()}@example.com`);
  await page.getByRole('button', { name: w.save }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor().catch((error: unknown) => explainTimeout(stack, page, error));
  await page.getByRole('link', { name: w.addVehicle }).click();
  await page.getByRole('heading', { level: 1, name: w.newVehicle }).waitFor();
  const plate = `B ${unique().slice(-6)}`;
  await page.getByLabel(w.plate).fill(plate);
  await page.getByLabel(w.make).fill('Honda');
  await page.getByLabel(w.model).fill('Jazz');
  await page.getByRole('button', { name: w.save }).click();
  await page.getByRole('heading', { level: 1, name: plate }).waitFor();
  return plate;
}

/** Schedules a service costing `cost` as typed, and waits for its page. */
async function scheduleService(page: Page, cost: string, language: Language = 'en'): Promise<string> {
  const w = WORDS[language];
  const description = `Tune-up ${unique()}`;
  await page.getByRole('link', { name: w.schedule }).click();
  await page.getByLabel(w.work).fill(description);
  await page.getByLabel(w.cost).fill(cost);
  await page.getByRole('button', { name: w.save }).click();
  await page.getByRole('heading', { level: 1, name: description }).waitFor();
  return description;
}

const costShown = (page: Page) => page.locator('.details dd').nth(4).textContent();
/** What the app asked the API to store, request by request (method and path). */
function writes(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (request) => {
    if (request.method() !== 'GET' && request.url().includes('/api/')) seen.push(`${request.method()} ${new URL(request.url()).pathname}`);
  });
  return seen;
}

describe('money typed the way the language writes it', () => {
  test('in Indonesian, 150.000 is stored as Rp 150.000, shown without decimals, and edits back as 150.000', async () => {
    const page = await newPage('id');
    await vehicleOf(page, 'id');
    await scheduleService(page, '150.000', 'id');
    assert.match((await costShown(page)) ?? '', /^Rp\s150\.000$/);
    await page.getByRole('link', { name: 'Ubah' }).click();
    assert.equal(await page.getByLabel('Biaya').inputValue(), '150.000');
  });

  test('in Indonesian, 150.000,50 and Rp 150.000 are read as written, and an edit round-trips', async () => {
    const page = await newPage('id');
    await vehicleOf(page, 'id');
    await scheduleService(page, '150.000,50', 'id');
    assert.match((await costShown(page)) ?? '', /^≈ Rp\s150\.001$/, 'Rupiah has no decimals on screen, and a rounded figure says so');
    await page.getByRole('link', { name: 'Ubah' }).click();
    const cost = page.getByLabel('Biaya');
    assert.equal(await cost.inputValue(), '150.000,50');
    await page.getByRole('button', { name: 'Simpan' }).click();
    await page.getByRole('link', { name: 'Ubah' }).click();
    assert.equal(await page.getByLabel('Biaya').inputValue(), '150.000,50', 'saving unchanged stores the same amount');
    await page.getByLabel('Biaya').fill('Rp 275.000');
    await page.getByRole('button', { name: 'Simpan' }).click();
    await page.locator('.details').waitFor();
    assert.match((await costShown(page)) ?? '', /^Rp\s275\.000$/);
  });

  test('in English, 150,000.50 is read as written', async () => {
    const page = await newPage('en');
    await vehicleOf(page);
    await scheduleService(page, '150,000.50');
    await page.getByRole('link', { name: 'Edit' }).click();
    assert.equal(await page.getByLabel('Cost').inputValue(), '150,000.50');
  });

  test('an amount that cannot be read one way only is refused at the field, in the user’s language, and nothing is sent', async () => {
    const page = await newPage('id');
    await vehicleOf(page, 'id');
    await page.getByRole('link', { name: 'Jadwalkan servis' }).click();
    await page.getByLabel('Pekerjaan').fill('Ganti oli');
    const sent = writes(page);
    for (const [typed, message] of [
      ['1.2.3,4,5', /Masukkan jumlah dengan penulisan seperti 150\.000 atau 150\.000,50/],
      ['seratus ribu', /Masukkan jumlah/],
      ['150.000,505', /paling banyak 2 angka desimal/],
    ] as const) {
      await page.getByLabel('Biaya').fill(typed);
      await page.getByRole('button', { name: 'Simpan' }).click();
      await page.locator('#field-cost-error').waitFor({ state: 'visible' });
      assert.match((await page.locator('#field-cost-error').textContent()) ?? '', message, typed);
      assert.equal(await page.getByLabel('Biaya').getAttribute('aria-invalid'), 'true');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'field-cost', 'focus goes to the field to mend');
    }
    assert.deepEqual(sent, [], 'nothing was sent to be stored');
  });
});

describe('what a form says at the field', () => {
  test('an empty required field says "required", in both languages', async () => {
    for (const [language, message] of [['en', 'This is required.'], ['id', 'Wajib diisi.']] as const) {
      const page = await newPage(language);
      await page.goto(`${stack.web}/customers/new`);
      await page.getByLabel(WORDS[language].name).fill('   ');
      await page.getByRole('button', { name: WORDS[language].save }).click();
      await page.locator('#field-name-error').waitFor({ state: 'visible' });
      assert.equal(await page.locator('#field-name-error').textContent(), message);
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'field-name');
    }
  });

  test('a name over 120 characters is kept as typed and the field says so at once', async () => {
    const page = await newPage('en');
    await page.goto(`${stack.web}/customers/new`);
    const name = page.getByLabel('Name');
    const long = `Budi ${'Santoso '.repeat(17)}`.slice(0, 134);
    await name.fill(long);
    assert.equal((await name.inputValue()).length, 134, 'nothing cut off');
    const error = page.locator('#field-name-error');
    await error.waitFor({ state: 'visible' });
    assert.equal(await error.textContent(), 'At most 120 characters (134 typed).');
    assert.equal(await name.getAttribute('aria-invalid'), 'true');
    const sent = writes(page);
    await page.getByRole('button', { name: 'Save' }).click();
    assert.equal(await error.textContent(), 'At most 120 characters (134 typed).');
    assert.deepEqual(sent, []);
    await name.fill(long.slice(0, 120));
    await error.waitFor({ state: 'hidden' });
    assert.equal(await name.getAttribute('aria-invalid'), 'false');
  });
});

describe('keyboard focus stays where the work is', () => {
  const focused = (page: Page) => page.evaluate(() => ({ tag: document.activeElement?.tagName, text: document.activeElement?.textContent, status: (document.activeElement as HTMLElement | null)?.dataset.status }));

  test('after saving a form, focus is on the heading of the page shown', async () => {
    const page = await newPage('en');
    const plate = await vehicleOf(page);
    assert.deepEqual(await focused(page), { tag: 'H1', text: plate, status: undefined });
    assert.match(await page.title(), new RegExp(`^${plate} · Bengkel$`), 'the tab is named after the page');
  });

  test('after Start work, focus is on the next move; after Complete, on the status', async () => {
    const page = await newPage('en');
    await vehicleOf(page);
    await scheduleService(page, '100000');
    await page.getByRole('button', { name: 'Start work' }).focus();
    await page.keyboard.press('Enter');
    await page.locator('.badge', { hasText: 'In progress' }).waitFor();
    assert.deepEqual(await focused(page), { tag: 'BUTTON', text: 'Complete', status: undefined });
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    await page.locator('.badge', { hasText: 'Completed' }).waitFor();
    assert.deepEqual(await focused(page), { tag: 'SPAN', text: 'Completed', status: 'completed' });
  });
});

describe('pages that say what is not there', () => {
  test('a missing record says that record does not exist, with the way back and no retry', async () => {
    for (const [language, path, title, back] of [
      ['en', '/services/99999', 'Service 99999 does not exist', 'Back to services'],
      ['en', '/customers/99999/edit', 'Customer 99999 does not exist', 'Back to customers'],
      ['en', '/vehicles/abc', 'Vehicle abc does not exist', 'Back to vehicles'],
      ['id', '/services/99999', 'Servis 99999 tidak ada', 'Kembali ke daftar servis'],
    ] as const) {
      const page = await newPage(language);
      await page.goto(`${stack.web}${path}`);
      await page.getByRole('heading', { level: 1, name: title }).waitFor();
      assert.equal(await page.getByRole('button', { name: /Try again|Coba lagi/ }).count(), 0, path);
      await page.getByRole('link', { name: back }).click();
      await page.getByRole('heading', { level: 1, name: language === 'id' ? /Servis|Pelanggan|Kendaraan/ : /Services|Customers|Vehicles/ }).waitFor();
    }
  });

  test('an unknown address says the page does not exist, with a link home, in both languages', async () => {
    for (const [language, title, home, dashboard] of [
      ['en', 'Page not found', 'Go to the dashboard', 'Dashboard'],
      ['id', 'Halaman tidak ditemukan', 'Ke dasbor', 'Dasbor'],
    ] as const) {
      const page = await newPage(language);
      await page.goto(`${stack.web}/nope`);
      await page.getByRole('heading', { level: 1, name: title }).waitFor();
      assert.equal(await page.getByText(/record does not exist|Data ini tidak ada/).count(), 0);
      await page.getByRole('link', { name: home }).click();
      await page.getByRole('heading', { level: 1, name: dashboard }).waitFor();
    }
  });

  test('a failure that trying again can mend (the network) still offers to try again', async () => {
    const page = await newPage('en');
    let refuse = true;
    await page.route('**/api/services/*', (route) => (refuse ? route.abort('connectionrefused') : route.continue()));
    await page.goto(`${stack.web}/services/99998`);
    await page.getByRole('heading', { level: 1, name: 'This page could not be loaded' }).waitFor();
    refuse = false;
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.getByRole('heading', { level: 1, name: 'Service 99998 does not exist' }).waitFor();
  });
});
