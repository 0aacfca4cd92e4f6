// Accounts in a real browser (issue 12): the first run makes the owner, signing in and out, what
// each role is offered, users and tokens for owners, a record's history in the audit log, and a
// session that ends mid-form: sign in again, back on the form with what was typed.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { OWNER } from '@bengkel/testing/accounts';
import { explainTimeout, startStack, type Stack } from './harness.ts';

const unique = () => Date.now().toString(36).toUpperCase() + Math.floor(Math.random() * 1000);

async function pageIn(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (error) => assert.fail(`page error: ${error.message}`));
  return page;
}

async function signIn(stack: Stack, page: Page, email: string, password: string, words = { email: 'Email', password: 'Password', submit: 'Sign in' }) {
  await page.getByLabel(words.email).fill(email);
  await page.getByLabel(words.password).fill(password);
  await page.getByRole('button', { name: words.submit }).click();
  await page.getByRole('button', { name: /Sign out|Keluar/ }).waitFor().catch((error: unknown) => explainTimeout(stack, page, error));
}

describe('the first run', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ owner: false });
  });
  after(() => stack?.stop());

  test('with no user, any page opens the first run; it makes the owner, signed in, who can sign out and in again', async () => {
    const page = await pageIn(await stack.browser.newContext());
    await page.goto(`${stack.web}/customers`);
    await page.getByRole('heading', { level: 1, name: 'Set up Bengkel' }).waitFor().catch((error: unknown) => explainTimeout(stack, page, error));
    await page.getByLabel('Name').fill('Dewi Lestari');
    await page.getByLabel('Email').fill('dewi@bengkel.test');
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create the owner' }).click();
    await page.locator('#field-password-error', { hasText: 'At least 12 characters.' }).waitFor();
    await page.getByLabel('Password').fill('kunci-bengkel-2026');
    await page.getByRole('button', { name: 'Create the owner' }).click();
    // Back where the user was going, signed in as the owner.
    await page.getByRole('heading', { level: 1, name: 'Customers' }).waitFor().catch((error: unknown) => explainTimeout(stack, page, error));
    assert.equal(new URL(page.url()).pathname, '/customers');
    await page.getByText('Signed in as Dewi Lestari (Owner)').waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await page.goto(`${stack.web}/customers`);
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    assert.equal((await page.request.get(`${stack.web}/api/customers`)).status(), 401, 'signed out on the server');

    await page.getByLabel('Email').fill('dewi@bengkel.test');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('The email or password is not right.').waitFor();
    await signIn(stack, page, 'dewi@bengkel.test', 'kunci-bengkel-2026');
    await page.getByRole('heading', { level: 1, name: 'Customers' }).waitFor();
  });
});

describe('roles and staff', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack();
  });
  after(() => stack?.stop());

  test('in Indonesian the sign-in page says Masuk', async () => {
    const context = await stack.browser.newContext({ locale: 'id-ID' });
    const page = await pageIn(context);
    await page.goto(`${stack.web}/`);
    await page.getByRole('heading', { level: 1, name: 'Masuk' }).waitFor().catch((error: unknown) => explainTimeout(stack, page, error));
    await signIn(stack, page, OWNER.email, OWNER.password, { email: 'Email', password: 'Kata sandi', submit: 'Masuk' });
    await page.getByText(`Masuk sebagai ${OWNER.name} (Pemilik)`).waitFor();
  });

  test('an owner adds a mechanic, who is offered only a mechanic\'s work', async () => {
    const owner = await pageIn(await stack.newContext());
    await owner.goto(`${stack.web}/users`);
    await owner.getByRole('link', { name: 'Add a user' }).click();
    const email = `agus-${unique().toLowerCase()}@bengkel.test`;
    await owner.getByLabel('Name').fill('Agus Mekanik');
    await owner.getByLabel('Email').fill(email);
    await owner.getByLabel('Role').selectOption('mechanic');
    await owner.getByLabel('Password').fill('kunci-bengkel-agus');
    await owner.getByRole('button', { name: 'Save' }).click();
    await owner.getByRole('link', { name: 'Agus Mekanik' }).waitFor().catch((error: unknown) => explainTimeout(stack, owner, error));

    // Work for the mechanic: a service in progress, made by the owner through the API.
    const api = (path: string, body: unknown) =>
      fetch(`${stack.api}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.token}` }, body: JSON.stringify(body) }).then((r) => r.json() as Promise<{ id: number }>);
    const customer = await api('/api/customers', { name: `Pak ${unique()}` });
    const vehicle = await api('/api/vehicles', { customerId: customer.id, plateNumber: `B ${Math.floor(Math.random() * 9000) + 1000} AG`, make: 'Honda', model: 'Beat' });
    const service = await api('/api/services', { vehicleId: vehicle.id, description: 'Ganti kampas rem', status: 'in_progress', cost: 120000 });

    const page = await pageIn(await stack.browser.newContext());
    await page.goto(`${stack.web}/services/${service.id}`);
    await signIn(stack, page, email, 'kunci-bengkel-agus');
    await page.getByRole('heading', { level: 1, name: 'Ganti kampas rem' }).waitFor().catch((error: unknown) => explainTimeout(stack, page, error));
    const nav = page.getByRole('navigation', { name: 'Bengkel' });
    for (const hidden of ['Users', 'API tokens', 'Audit log']) assert.equal(await nav.getByRole('link', { name: hidden }).count(), 0, hidden);
    assert.equal(await page.getByRole('button', { name: 'Delete' }).count(), 0, 'no delete');
    await page.getByRole('link', { name: 'Edit' }).click();
    await page.getByLabel('Mileage').fill('15200');
    assert.equal(await page.getByLabel('Cost').count(), 0, 'the cost is not the mechanic\'s');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ganti kampas rem' }).waitFor();
    await page.getByRole('button', { name: 'Complete' }).click();
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.locator('[data-status="completed"]').waitFor();
    assert.equal(await page.getByRole('link', { name: 'Edit' }).count(), 0, 'a completed service is final for a mechanic');

    await page.goto(`${stack.web}/customers`);
    await page.getByRole('heading', { level: 1, name: 'Customers' }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'New customer' }).count(), 0);
    await page.goto(`${stack.web}/`);
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    assert.equal(await page.locator('[data-stat]').count(), 0, 'no figures, no money');
    await page.goto(`${stack.web}/users`);
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
  });

  test('tokens are shown once and can be revoked; a record\'s history is in the audit log', async () => {
    const page = await pageIn(await stack.newContext());
    await page.goto(`${stack.web}/tokens`);
    await page.getByLabel('Name').fill('load tests');
    await page.getByLabel('Role').selectOption('frontdesk');
    await page.getByRole('button', { name: 'Make the token' }).click();
    const token = (await page.locator('[data-token]').textContent())!;
    assert.match(token, /^bk_/);
    assert.equal((await fetch(`${stack.api}/api/customers`, { headers: { authorization: `Bearer ${token}` } })).status, 200);
    await page.getByRole('row', { name: /load tests/ }).getByRole('button', { name: 'Revoke' }).click();
    await page.getByRole('button', { name: 'Revoke' }).last().click();
    await page.getByText('Token revoked.').waitFor();
    assert.equal((await fetch(`${stack.api}/api/customers`, { headers: { authorization: `Bearer ${token}` } })).status, 401);

    const name = `Wati ${unique()}`;
    await page.goto(`${stack.web}/customers/new`);
    await page.getByLabel('Name').fill(name);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { level: 1, name }).waitFor();
    await page.getByRole('link', { name: 'Edit' }).click();
    await page.getByLabel('Phone').fill('0812 3456 7890');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { level: 1, name }).waitFor();
    await page.getByRole('link', { name: 'History' }).click();
    await page.getByRole('heading', { level: 1, name: /^History of Customer \d+$/ }).waitFor();
    const rows = page.locator('tbody tr');
    await rows.nth(1).waitFor();
    assert.equal(await rows.count(), 2);
    assert.match((await rows.nth(0).textContent())!, /Changed.*phone: — → 0812 3456 7890/);
    assert.match((await rows.nth(1).textContent())!, new RegExp(`${OWNER.name}.*Created`));
  });
});

describe('a session that ends mid-form', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack();
  });
  after(() => stack?.stop());

  test('sends the user to sign in, then back to the form with what they typed', async () => {
    const context = await stack.newContext();
    const page = await pageIn(context);
    await page.goto(`${stack.web}/customers/new`);
    const name = `Budi ${unique()}`;
    await page.getByLabel('Name').fill(name);
    await page.getByLabel('Notes').fill('Datang setiap 3 bulan');
    // The session ends on the server (signed out elsewhere, or idle for 12 hours).
    const [cookie] = await context.cookies();
    await fetch(`${stack.web}/api/auth/logout`, { method: 'POST', headers: { cookie: `bengkel_session=${cookie!.value}`, origin: stack.web } });
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor().catch((error: unknown) => explainTimeout(stack, page, error));
    await page.getByText('Your session has ended.').waitFor();
    await signIn(stack, page, OWNER.email, OWNER.password);
    await page.getByRole('heading', { level: 1, name: 'New customer' }).waitFor();
    assert.equal(await page.getByLabel('Name').inputValue(), name);
    assert.equal(await page.getByLabel('Notes').inputValue(), 'Datang setiap 3 bulan');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { level: 1, name }).waitFor();
  });
});
