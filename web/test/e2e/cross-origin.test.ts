// The deploy-time setting that still points the page at an API on another origin (API_BASE_URL
// in config.js): the CSP allows that origin, the API's CORS_ORIGINS allows the page, and the app
// works across the two. The default (same origin, through nginx's /api/) is what every other
// browser test uses.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startStack, type Stack } from './harness.ts';

let stack: Stack;
before(async () => {
  stack = await startStack({ crossOrigin: true });
});
after(() => stack?.stop());

describe('the web app calling an API on another origin', () => {
  test('lists and saves customers through CORS, with the API origin in connect-src', async () => {
    const page = await (await stack.newContext()).newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const list = page.waitForResponse((response) => response.url().startsWith(`${stack.api}/api/customers`));
    const document = await page.goto(`${stack.web}/customers`);
    assert.match(String(document!.headers()['content-security-policy']), new RegExp(`connect-src 'self' ${stack.api};`));
    assert.equal((await list).status(), 200);

    const name = `Lintas ${Date.now().toString(36)}`;
    await page.goto(`${stack.web}/customers/new`);
    await page.getByLabel('Name').fill(name);
    await page.getByLabel('Email').fill(`${Date.now().toString(36)}@cors.example`);
    const created = page.waitForResponse((response) => response.url() === `${stack.api}/api/customers` && response.request().method() === 'POST');
    await page.getByRole('button', { name: 'Save' }).click();
    assert.equal((await created).status(), 201);
    await page.getByRole('heading', { level: 1, name }).waitFor();
    assert.deepEqual(errors, []);
  });
});
