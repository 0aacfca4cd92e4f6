// The workshop's settings in a real browser (issue 13): the owner sets the name, the tax rate as a
// percentage and the time zone, on a phone in Indonesian, and the API stores them exactly.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { explainTimeout, startStack, type Stack } from './harness.ts';

let stack: Stack;
before(async () => {
  stack = await startStack();
});
after(() => stack?.stop());

const settings = () => fetch(`${stack.api}/api/settings`, { headers: { authorization: `Bearer ${stack.token}` } }).then((r) => r.json() as Promise<Record<string, unknown>>);

describe('workshop settings', () => {
  test('the owner sets the name, PPN 12 % and the zone, in Indonesian', async () => {
    const context = await stack.newContext({ locale: 'id-ID', viewport: { width: 360, height: 740 } });
    await context.addInitScript(() => localStorage.setItem('bengkel.language', 'id'));
    const page = await context.newPage();
    page.on('pageerror', (error) => assert.fail(`page error: ${error.message}`));
    await page.goto(`${stack.web}/settings`);
    await page.getByRole('heading', { level: 1, name: 'Pengaturan bengkel' }).waitFor().catch((error: unknown) => explainTimeout(stack, page, error));
    assert.equal(await page.getByLabel('Tarif pajak (%)').inputValue(), '11');
    await page.getByLabel('Nama bengkel').fill('Bengkel Sinar Makassar');
    await page.getByLabel('NPWP').fill('01.234.567.8-901.000');
    await page.getByLabel('Tarif pajak (%)').fill('12');
    await page.getByLabel(/^Zona waktu/).selectOption('Asia/Makassar');
    await page.getByRole('button', { name: 'Simpan' }).click();
    await page.locator('#toast:not([hidden])').waitFor();
    const saved = await settings();
    assert.deepEqual([saved.workshopName, saved.taxId, saved.taxRate, saved.timeZone], ['Bengkel Sinar Makassar', '01.234.567.8-901.000', 0.12, 'Asia/Makassar']);

    // The menu on a phone: folded behind one button, the settings among the owner's pages.
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('link', { name: 'Pengaturan' }).waitFor();
  });

});
