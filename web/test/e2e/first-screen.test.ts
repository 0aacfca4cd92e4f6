// The first screen of a new workshop (issue 13), in a real browser: with no customers yet the
// dashboard says where to start — a first customer, their vehicle, a service, the owner's staff —
// and how to try a sample workshop (`npm run demo`); once there is a customer, it is the
// workshop's dashboard again. One test, as it needs a workspace that no other test has filled.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { explainTimeout, startStack, type Stack } from './harness.ts';

let stack: Stack;
before(async () => {
  stack = await startStack();
});
after(() => stack?.stop());

describe('the first screen', () => {
  test('says where to start while there are no customers, in both languages, and is the dashboard once there is one', async () => {
    const context = await stack.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
    await context.addInitScript(() => localStorage.setItem('bengkel.language', 'en'));
    const page = await context.newPage();
    page.on('pageerror', (error) => assert.fail(`page error: ${error.message}`));

    await page.goto(`${stack.web}/`);
    const start = page.getByRole('region', { name: 'Where to start' });
    await start.waitFor().catch((error: unknown) => explainTimeout(stack, page, error));
    const steps = await start.getByRole('listitem').getByRole('link').evaluateAll((links) => links.map((a) => [a.textContent, a.getAttribute('href')]));
    assert.deepEqual(steps, [
      ['Add your first customer', '/customers/new'],
      ['Add their vehicle', '/vehicles/new'],
      ['Book a service', '/services/new'],
      ['Your workshop’s details', '/settings'],
      ['Add your staff', '/users/new'],
    ]);
    assert.equal(await start.locator('code').textContent(), 'npm run demo');
    assert.equal(await page.locator('[data-stat]').count(), 0, 'no figures of an empty workshop');

    await page.locator('#language').selectOption('id');
    await page.getByRole('region', { name: 'Mulai dari sini' }).getByRole('link', { name: 'Tambah pelanggan pertama' }).waitFor();

    await page.locator('#language').selectOption('en');
    await page.getByRole('link', { name: 'Add your first customer' }).click();
    await page.getByRole('heading', { level: 1, name: 'New customer' }).waitFor();

    const made = await fetch(`${stack.api}/api/customers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.token}` },
      body: JSON.stringify({ name: 'Budi Santoso', phone: '0812-1111-2222' }),
    });
    assert.equal(made.status, 201);
    await page.goto(`${stack.web}/`);
    await page.locator('[data-stat="customers"] .value', { hasText: '1' }).waitFor();
    assert.equal(await page.locator('[data-start]').count(), 0, 'the start panel is gone');
  });
});
