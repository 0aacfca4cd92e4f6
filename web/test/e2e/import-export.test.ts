// Import and export in a real browser (issue 13): a list downloaded as CSV, edited as a
// spreadsheet would, checked, then imported; a file with faults imports nothing and says which
// rows are at fault.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { explainTimeout, startStack, type Stack } from './harness.ts';

let stack: Stack;
before(async () => {
  stack = await startStack();
});
after(() => stack?.stop());

const call = (method: string, path: string, body?: unknown) =>
  fetch(`${stack.api}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.token}` },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  }).then((r) => r.json() as Promise<Record<string, unknown> & { id: number }>);

describe('import and export', () => {
  test('a list downloaded as CSV, edited, checked and imported back', async () => {
    const customer = await call('POST', '/api/customers', { name: 'Pak Joko Widodo', phone: '0812 1111 2222', address: 'Jl. Slamet Riyadi 1, Solo' });
    const page = await (await stack.newContext({ locale: 'en-GB' })).newPage();
    page.on('pageerror', (error) => assert.fail(`page error: ${error.message}`));
    await page.goto(`${stack.web}/data`);
    await page.getByRole('heading', { level: 1, name: 'Import and export' }).waitFor().catch((error: unknown) => explainTimeout(stack, page, error));

    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-export="customers"]').click()]);
    assert.match(download.suggestedFilename(), /^customers.*\.csv$/);
    const exported = await readFile((await download.path())!, 'utf8');
    assert.ok(exported.startsWith('\uFEFFid,name,email,phone,address,notes,createdAt,updatedAt\r\n'));
    assert.ok(exported.includes('"Jl. Slamet Riyadi 1, Solo"'));

    const edited = `${exported.replace('0812 1111 2222', '0813 9999 0000')},Ibu Sri Mulyani,sri@example.com,0811 2222 3333,,,,\r\n`;
    await page.getByLabel('Into').selectOption('customers');
    await page.getByLabel('CSV file (up to 10 MB)').setInputFiles({ name: 'customers.csv', mimeType: 'text/csv', buffer: Buffer.from(edited) });
    assert.ok(await page.locator('[data-import]').isDisabled(), 'import comes after a check');
    await page.getByRole('button', { name: 'Check the file' }).click();
    await page.locator('[data-import-result="checked"]').waitFor().catch((error: unknown) => explainTimeout(stack, page, error));
    assert.match((await page.locator('[data-import-result]').textContent())!, /1 new, 1 changed, 0 unchanged/);
    assert.equal((await call('GET', `/api/customers/${customer.id}`)).phone, '0812 1111 2222', 'a check changes nothing');

    await page.locator('[data-import]').click();
    await page.locator('[data-import-result="imported"]').waitFor();
    assert.equal((await call('GET', `/api/customers/${customer.id}`)).phone, '0813 9999 0000');
    const found = (await call('GET', '/api/customers?q=Sri%20Mulyani')) as unknown as { items: { phone: string }[] };
    assert.equal(found.items[0]?.phone, '0811 2222 3333');
  });

  test('a file with faults imports nothing and lists the rows at fault', async () => {
    const page = await (await stack.newContext({ locale: 'en-GB' })).newPage();
    await page.goto(`${stack.web}/data`);
    await page.getByRole('heading', { level: 1, name: 'Import and export' }).waitFor().catch((error: unknown) => explainTimeout(stack, page, error));
    const before = ((await call('GET', '/api/customers?limit=1')) as unknown as { total: number }).total;
    const file = 'name,email\r\nGood Row,good@example.com\r\nBad Row,not-an-email\r\n,missing@example.com\r\n';
    await page.getByLabel('CSV file (up to 10 MB)').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(file) });
    await page.getByRole('button', { name: 'Check the file' }).click();
    await page.locator('[data-import-errors]').waitFor().catch((error: unknown) => explainTimeout(stack, page, error));
    const rows = await page.locator('[data-import-errors] tbody tr').allTextContents();
    assert.equal(rows.length, 2);
    assert.match(rows[0]!, /^2\s*email/);
    assert.match(rows[1]!, /^3\s*name/);
    assert.ok(await page.locator('[data-import]').isDisabled());
    assert.equal(((await call('GET', '/api/customers?limit=1')) as unknown as { total: number }).total, before);
  });
});
