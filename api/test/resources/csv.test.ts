// Import and export (API.md v2): export streams every matching row as RFC 4180 CSV; import reads
// what export wrote back unchanged, all rows or none, with a dry run, and the JSON API's rules.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { startApp, type Client, type Reply, type TestApp } from '../helpers/app.ts';
import { createCustomer, createService, createVehicle, snapshot, unique } from '../helpers/data.ts';

let t: TestApp;
before(async () => {
  t = await startApp();
});
after(() => t.close());

const exported = async (path: string, as: Client = t) => {
  const response = await as.inject({ method: 'GET', url: path });
  return { status: response.statusCode, headers: response.headers, text: response.body };
};
const rowsOf = (text: string) => parse(text, { columns: true, bom: true }) as Record<string, string>[];
const importing = async (name: string, csv: string | Buffer, query = '', as: Client = t, type = 'text/csv'): Promise<Reply> => {
  const response = await as.inject({ method: 'POST', url: `/api/import/${name}${query}`, headers: { 'content-type': type }, payload: csv });
  return { status: response.statusCode, headers: response.headers, body: JSON.parse(response.body) };
};
const count = async (name: string) => (await t.get(`/api/${name}?limit=1`)).body.total as number;

describe('export', () => {
  test('writes RFC 4180 CSV: a header of the field names, CRLF, quoted cells, UTF-8, empty for null', async () => {
    const tag = unique();
    const customer = await createCustomer(t, { name: `Siti "Ibu" Rahayu, ${tag}`, phone: null, notes: 'line one\nline two', address: 'Jl. Merdeka 1, Bandung — Jawa Barat' });
    const answer = await exported(`/api/customers.csv?q=${tag}`);
    assert.equal(answer.status, 200);
    assert.match(String(answer.headers['content-type']), /^text\/csv; charset=utf-8/);
    assert.match(String(answer.headers['content-disposition']), /^attachment; filename="customers-\d{4}-\d{2}-\d{2}\.csv"$/);
    assert.ok(answer.text.startsWith('\uFEFF'), 'a byte order mark, for spreadsheets');
    const [header, ...lines] = answer.text.slice(1).split('\r\n');
    assert.equal(header, 'id,name,email,phone,address,notes,createdAt,updatedAt');
    assert.equal(lines.at(-1), '', 'every record ends with CRLF');
    assert.ok(answer.text.includes(`"Siti ""Ibu"" Rahayu, ${tag}"`), 'a quote doubled, the cell quoted');
    const [row] = rowsOf(answer.text);
    assert.equal(row!.id, String(customer.id));
    assert.equal(row!.notes, 'line one\nline two');
    assert.equal(row!.address, 'Jl. Merdeka 1, Bandung — Jawa Barat');
    assert.equal(row!.phone, '');
  });

  test('has the list\'s filters and q, every match in id order, past one batch', async () => {
    const tag = unique();
    const header = 'name,email\r\n';
    const body = Array.from({ length: 1203 }, (_, i) => `Pelanggan ${tag} ${i},p${i}.${tag.toLowerCase()}@example.com`).join('\r\n');
    const made = await importing('customers', header + body);
    assert.equal(made.status, 200, JSON.stringify(made.body));
    const rows = rowsOf((await exported(`/api/customers.csv?q=${tag}`)).text);
    assert.equal(rows.length, 1203);
    const ids = rows.map((row) => Number(row.id));
    assert.deepEqual(ids, [...ids].sort((a, b) => a - b));
    assert.equal(new Set(ids).size, 1203);

    const customer = await createCustomer(t);
    const vehicle = await createVehicle(t, customer.id);
    await createService(t, vehicle.id, { scheduledAt: '2026-01-05T09:00:00Z' });
    await createService(t, vehicle.id, { scheduledAt: '2026-02-05T09:00:00Z', status: 'in_progress' });
    const services = (query: string) => exported(`/api/services.csv?vehicleId=${vehicle.id}${query}`);
    assert.equal(rowsOf((await services('')).text).length, 2);
    assert.deepEqual(rowsOf((await services('&status=in_progress')).text).map((r) => r.scheduledAt), ['2026-02-05T09:00:00.000Z']);
    assert.deepEqual(rowsOf((await services('&from=2026-01-01&to=2026-01-31')).text).map((r) => r.scheduledAt), ['2026-01-05T09:00:00.000Z']);
    assert.equal((await services('&from=2026-02-01&to=2026-01-01')).status, 400);
    assert.equal((await exported('/api/services.csv?limit=5')).status, 400, 'an export has no pages');
  });

  test('writes a cell a spreadsheet would run as a formula behind a quote, which import removes', async () => {
    const tag = unique();
    await createCustomer(t, { name: `=HYPERLINK("http://evil")${tag}`, phone: '+62 812-3456-7890', notes: "'=not a formula" });
    const text = (await exported(`/api/customers.csv?q=${tag}`)).text;
    const [row] = rowsOf(text);
    assert.equal(row!.name, `'=HYPERLINK("http://evil")${tag}`);
    assert.equal(row!.phone, "'+62 812-3456-7890");
    assert.equal(row!.notes, "''=not a formula");
    const back = await importing('customers', text);
    assert.deepEqual([back.body.unchanged, back.body.updated], [1, 0], 'read back as written');
  });

  test('is for the front desk and owners', async () => {
    assert.equal((await exported('/api/customers.csv', t.anonymous)).status, 401);
    assert.equal((await exported('/api/vehicles.csv', await t.as('mechanic'))).status, 403);
    assert.equal((await exported('/api/services.csv', await t.as('frontdesk'))).status, 200);
  });
});

describe('import', () => {
  test('reads back what export wrote, unchanged, for customers, vehicles and services', async () => {
    const customer = await createCustomer(t, { phone: '0812 3456 789', address: 'Jl. Sudirman 5, "Blok A"' });
    const vehicle = await createVehicle(t, customer.id, { year: 2019, color: 'Silver', mileage: 45210, vin: 'MHKA1BA1JKK012345' });
    const service = await createService(t, vehicle.id, { description: 'Servis berkala, ganti oli', cost: 350000.5, mileage: 46000, mechanic: 'Agus' });
    await t.patch(`/api/services/${service.id}`, { status: 'in_progress' });
    const before = await snapshot(t);
    const audit = (await t.get('/api/audit?limit=1')).body.total;
    for (const name of ['customers', 'vehicles', 'services']) {
      const text = (await exported(`/api/${name}.csv`)).text;
      const reply = await importing(name, text);
      assert.equal(reply.status, 200, `${name}: ${JSON.stringify(reply.body)}`);
      assert.equal(reply.body.rows, rowsOf(text).length);
      assert.deepEqual([reply.body.created, reply.body.updated, reply.body.unchanged], [0, 0, reply.body.rows], name);
    }
    assert.deepEqual(await snapshot(t), before, 'nothing changed');
    assert.equal((await t.get('/api/audit?limit=1')).body.total, audit, 'and nothing was written');
  });

  test('a row with an id updates only what differs; a row without one creates; the audit log names the import\'s actor', async () => {
    const customer = await createCustomer(t, { phone: '0811 111 111' });
    const text = (await exported(`/api/customers.csv?q=${encodeURIComponent(customer.name)}`)).text.replace('0811 111 111', '0822 222 222');
    const email = `${unique().toLowerCase()}@example.com`;
    const reply = await importing('customers', `${text},Dewi Lestari,${email},,,,,\r\n`, '', await t.as('frontdesk'));
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    assert.deepEqual([reply.body.created, reply.body.updated, reply.body.unchanged], [1, 1, 0]);
    const updated = (await t.get(`/api/customers/${customer.id}`)).body;
    assert.equal(updated.phone, '0822 222 222');
    assert.equal(updated.name, customer.name);
    const entry = (await t.get(`/api/audit?entity=customer&entityId=${customer.id}&action=update`)).body.items[0];
    assert.deepEqual(entry.changes, { phone: ['0811 111 111', '0822 222 222'] });
    assert.equal(entry.actor.type, 'token');
    assert.equal((await t.get(`/api/customers?q=${encodeURIComponent(email)}`)).body.items[0].name, 'Dewi Lestari');
  });

  test('applies the JSON rules: trimmed, plates and VINs normalised, "" as null, numbers read as numbers', async () => {
    const customer = await createCustomer(t);
    const plate = `b${Math.floor(1000 + Math.random() * 8999)}${unique().replace(/[^A-Z]/g, '').slice(0, 3) || 'XYZ'}`;
    const reply = await importing('vehicles', `customerId,plateNumber,make,model,year,vin,mileage,color\r\n${customer.id}, ${plate} ,Honda , Brio,2021,mhka1ba1jkk012345,12000,\r\n`);
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    const [vehicle] = (await t.get(`/api/customers/${customer.id}/vehicles`)).body.items;
    assert.match(vehicle.plateNumber, /^B \d{4} [A-Z]{1,3}$/);
    assert.deepEqual([vehicle.make, vehicle.model, vehicle.year, vehicle.vin, vehicle.mileage, vehicle.color], ['Honda', 'Brio', 2021, 'MHKA1BA1JKK012345', 12000, null]);
  });

  test('all or nothing: every invalid row is listed by row, path and message, and nothing is written', async () => {
    const before = await count('customers');
    const csv = [
      'name,email,phone',
      'Budi Santoso,budi.valid@example.com,0812',
      ',no-name@example.com,',
      'Ani,not-an-email,',
      'Rudi,rudi@example.com,call me',
    ].join('\r\n');
    const reply = await importing('customers', csv);
    assert.equal(reply.status, 422);
    assert.match(reply.headers['content-type'] as string, /application\/problem\+json/);
    assert.deepEqual(
      reply.body.errors.map((e: { row: number; path: string }) => `${e.row} ${e.path}`),
      ['2 /name', '3 /email', '4 /phone'],
    );
    assert.ok(reply.body.errors.every((e: { message: string }) => e.message.length > 0));
    assert.equal(await count('customers'), before);
  });

  test('a row the database refuses (a duplicate, a missing owner) rolls back the rows before it', async () => {
    const existing = await createCustomer(t);
    const before = await count('customers');
    const fresh = `${unique().toLowerCase()}@example.com`;
    const duplicate = await importing('customers', `name,email\r\nNew One,${fresh}\r\nCopy,${existing.email!.toUpperCase()}\r\n`);
    assert.equal(duplicate.status, 422);
    assert.deepEqual(duplicate.body.errors, [{ row: 2, path: '/email', message: 'Another customer already has this email address' }]);
    assert.equal(await count('customers'), before, 'the first row was rolled back');

    const noOwner = await importing('vehicles', `customerId,plateNumber,make,model\r\n999999,B 1 ZZZ,Toyota,Rush\r\n`);
    assert.equal(noOwner.status, 422);
    assert.deepEqual(noOwner.body.errors.map((e: { row: number; path: string }) => `${e.row} ${e.path}`), ['1 /customerId']);

    const missing = await importing('customers', `id,name\r\n999999,Ghost\r\n`);
    assert.equal(missing.status, 422);
    assert.deepEqual(missing.body.errors, [{ row: 1, path: '/id', message: 'no customer has this id' }]);
  });

  test('a row of a record changed since the export is refused, not written over the change', async () => {
    const customer = await createCustomer(t, { phone: '0811 000 001' });
    const file = (await exported(`/api/customers.csv?q=${encodeURIComponent(customer.name)}`)).text;
    // Meanwhile, at the counter: a new number.
    assert.equal((await t.patch(`/api/customers/${customer.id}`, { phone: '0811 000 002' })).status, 200);
    const renamed = file.replace(customer.name, `${customer.name} Jr`);
    const stale = await importing('customers', renamed);
    assert.equal(stale.status, 422);
    assert.deepEqual(stale.body.errors.map((e: { row: number; path: string }) => `${e.row} ${e.path}`), ['1 /updatedAt']);
    assert.match(stale.body.errors[0].message, /changed at .* after the file was exported/);
    assert.equal((await t.get(`/api/customers/${customer.id}`)).body.phone, '0811 000 002', 'their change stands');
    // Unchanged rows of the same old file are no trouble; an emptied updatedAt overwrites on purpose.
    assert.equal((await importing('customers', file.replace('0811 000 001', '0811 000 002'))).body.unchanged, 1);
    const rows = rowsOf(renamed);
    const overwrite = `id,name,phone,updatedAt\r\n${rows[0]!.id},${rows[0]!.name},${rows[0]!.phone},\r\n`;
    assert.equal((await importing('customers', overwrite)).body.updated, 1);
    assert.equal((await t.get(`/api/customers/${customer.id}`)).body.phone, '0811 000 001');
  });

  test('numbers are read as written: "150.000" is no money and "45.000" no mileage, not 150 and 45', async () => {
    const customer = await createCustomer(t);
    const vehicles = await importing('vehicles', `customerId,plateNumber,make,model,mileage\r\n${customer.id},B 4500 KM,Toyota,Rush,45.000\r\n`);
    assert.equal(vehicles.status, 422);
    assert.deepEqual(vehicles.body.errors.map((e: { path: string }) => e.path), ['/mileage']);
    const vehicle = await createVehicle(t, customer.id);
    const services = await importing('services', `vehicleId,description,cost\r\n${vehicle.id},Ganti oli,150.000\r\n${vehicle.id},Spooring,150000.50\r\n`);
    assert.equal(services.status, 422);
    assert.deepEqual(services.body.errors.map((e: { row: number; path: string }) => `${e.row} ${e.path}`), ['1 /cost']);
  });

  test('a file that is not UTF-8 is refused, never stored with replacement characters', async () => {
    const latin1 = Buffer.concat([Buffer.from('name\r\nJos'), Buffer.from([0xe9]), Buffer.from(' Ramos\r\n')]);
    const reply = await importing('customers', latin1, '?dryRun=true');
    assert.equal(reply.status, 422);
    assert.match(reply.body.errors[0].message, /not UTF-8/);
  });

  test('services: status moves follow the rules, in a row as in a PATCH', async () => {
    const vehicle = await createVehicle(t, (await createCustomer(t)).id);
    const service = await createService(t, vehicle.id);
    const text = () => exported(`/api/services.csv?vehicleId=${vehicle.id}`).then((answer) => answer.text);
    const started = await importing('services', (await text()).replace(',scheduled,', ',in_progress,'));
    assert.equal(started.status, 200, JSON.stringify(started.body));
    assert.equal((await t.get(`/api/services/${service.id}`)).body.status, 'in_progress');
    const back = await importing('services', (await text()).replace(',in_progress,', ',scheduled,'));
    assert.equal(back.status, 422);
    assert.equal(back.body.errors[0].path, '/status');
    assert.match(back.body.errors[0].message, /in_progress cannot move to scheduled/);
    const completedNew = await importing('services', `vehicleId,description,status\r\n${vehicle.id},Tune-up,completed\r\n`);
    assert.equal(completedNew.status, 422, 'a new service starts scheduled or in progress');

    // A completion counts in workshop_service_duration_seconds once it is committed: never in a dry run.
    const completions = async () => Number(/^workshop_service_duration_seconds_count (\d+)/m.exec((await t.inject({ method: 'GET', url: '/metrics' })).body)?.[1] ?? 0);
    const before = await completions();
    const complete = async () => (await text()).replace(',in_progress,', ',completed,');
    assert.equal((await importing('services', await complete(), '?dryRun=true')).status, 200);
    assert.equal(await completions(), before);
    assert.equal((await importing('services', await complete())).status, 200);
    assert.equal(await completions(), before + 1);
  });

  test('a dry run checks everything, the database\'s rules included, and writes nothing', async () => {
    const before = await snapshot(t);
    const email = `${unique().toLowerCase()}@example.com`;
    const fine = await importing('customers', `name,email\r\nA,${email}\r\nB,\r\n`, '?dryRun=true');
    assert.equal(fine.status, 200);
    assert.deepEqual(fine.body, { rows: 2, created: 2, updated: 0, unchanged: 0, dryRun: true });
    const duplicate = await importing('customers', `name,email\r\nA,${email}\r\nB,${email}\r\n`, '?dryRun=true');
    assert.equal(duplicate.status, 422);
    assert.equal(duplicate.body.errors[0].row, 2);
    assert.deepEqual(await snapshot(t), before);
  });

  test('the file itself: its header, its quoting, its size and type', async () => {
    const unknown = await importing('customers', 'name,shoeSize\r\nA,42\r\n');
    assert.equal(unknown.status, 422);
    assert.deepEqual(unknown.body.errors.map((e: { row: number; path: string }) => `${e.row} ${e.path}`), ['0 /shoeSize']);
    assert.equal((await importing('customers', 'name,name\r\nA,B\r\n')).status, 422);
    assert.equal((await importing('customers', '')).status, 422);
    const unclosed = await importing('customers', 'name,email\r\nA,a@example.com\r\n"B,b@example.com\r\n');
    assert.equal(unclosed.status, 422);
    assert.equal(unclosed.body.errors[0].row, 2);
    assert.equal((await importing('customers', 'name,email\r\nA,a@example.com,extra\r\n')).status, 422, 'a row with more cells than the header');
    // Excel's "CSV UTF-8" starts with a byte order mark.
    const bom = await importing('customers', `\uFEFFname,email\r\nBom Bom,${unique().toLowerCase()}@example.com\r\n`, '?dryRun=true');
    assert.equal(bom.status, 200, JSON.stringify(bom.body));
    assert.equal((await importing('customers', '{"name":"A"}', '', t, 'application/json')).status, 415);
    assert.equal((await importing('customers', 'name\r\nA\r\n', '', t, 'text/plain')).status, 415);
    const big = await importing('customers', Buffer.alloc(10 * 1024 * 1024 + 10, 'a'));
    assert.equal(big.status, 413);
    assert.match(big.body.detail, /10 MiB/);
    assert.equal((await importing('customers', 'name\r\nA\r\n', '?dryRun=maybe')).status, 400);
  });

  test('is for the front desk and owners', async () => {
    assert.equal((await importing('customers', 'name\r\nA\r\n', '?dryRun=true', t.anonymous)).status, 401);
    assert.equal((await importing('customers', 'name\r\nA\r\n', '?dryRun=true', await t.as('mechanic'))).status, 403);
  });

  test('a JSON route still refuses a CSV body', async () => {
    const reply = await t.inject({ method: 'POST', url: '/api/customers', headers: { 'content-type': 'text/csv' }, payload: 'name\r\nA\r\n' });
    assert.equal(reply.statusCode, 415);
  });
});
