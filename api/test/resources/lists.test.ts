import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startApp, type TestApp } from '../helpers/app.ts';
import { createCustomer, createVehicle, unique } from '../helpers/data.ts';

let t: TestApp;
const tag = unique();
const names = ['delta', 'Alpha', 'charlie', 'Bravo', 'echo'];
before(async () => {
  t = await startApp();
  for (const name of names) await createCustomer(t, { name: `${name} ${tag}`, phone: '0812 000' });
});
after(() => t.close());

const page = (query: string) => t.get(`/api/customers?q=${tag}&${query}`);
const firstWords = (body: { items: { name: string }[] }) => body.items.map((c) => c.name.split(' ')[0]);

describe('lists', () => {
  test('default to the newest first, 50 per page, with the total of all matches', async () => {
    const reply = await page('');
    assert.equal(reply.status, 200);
    assert.deepEqual(firstWords(reply.body), [...names].reverse());
    assert.equal(reply.body.total, 5);
    assert.equal(reply.body.limit, 50);
    assert.equal(reply.body.offset, 0);
  });

  test('page with limit and offset, total unchanged, and an empty page past the end', async () => {
    const second = await page('limit=2&offset=2&sort=createdAt');
    assert.deepEqual(firstWords(second.body), names.slice(2, 4));
    assert.equal(second.body.total, 5);
    const past = await page('limit=2&offset=10');
    assert.deepEqual(past.body, { items: [], total: 5, limit: 2, offset: 10 });
  });

  test('sort by a field, case-insensitively for text, descending with a leading -', async () => {
    assert.deepEqual(firstWords((await page('sort=name')).body), ['Alpha', 'Bravo', 'charlie', 'delta', 'echo']);
    assert.deepEqual(firstWords((await page('sort=-name')).body), ['echo', 'delta', 'charlie', 'Bravo', 'Alpha']);
  });

  test('q searches name, email and phone case-insensitively', async () => {
    assert.equal((await t.get(`/api/customers?q=${tag.toLowerCase()}`)).body.total, 5);
    const email = `${unique().toLowerCase()}@bengkel-search.test`;
    const customer = await createCustomer(t, { email, phone: '+62 899 555 1234' });
    assert.deepEqual((await t.get('/api/customers?q=BENGKEL-SEARCH')).body.items.map((c: { id: number }) => c.id), [customer.id]);
    assert.deepEqual((await t.get('/api/customers?q=899%20555')).body.items.map((c: { id: number }) => c.id), [customer.id]);
  });

  test('q finds a phone number whatever its punctuation', async () => {
    const digits = String(Date.now()).slice(-4);
    const customer = await createCustomer(t, { phone: `0812-${digits}-7890` });
    for (const q of [`0812${digits}`, `0812 ${digits}`, `(0812) ${digits}-78`, `${digits}7890`]) {
      const found = (await t.get(`/api/customers?q=${encodeURIComponent(q)}`)).body.items.map((c: { id: number }) => c.id);
      assert.ok(found.includes(customer.id), q);
    }
    assert.ok(!(await t.get(`/api/customers?q=Budi%20${digits}`)).body.items.some((c: { id: number }) => c.id === customer.id), 'words are not digits');
  });

  test('q treats % and _ as plain characters', async () => {
    const special = await createCustomer(t, { name: `Hundred_%_Percent ${unique()}` });
    const reply = await t.get(`/api/customers?q=${encodeURIComponent('_%_')}`);
    assert.deepEqual(reply.body.items.map((c: { id: number }) => c.id), [special.id]);
    assert.equal((await t.get(`/api/customers?q=${encodeURIComponent('\\')}`)).status, 200);
  });

  test('vehicles are searched by plate, make, model and VIN', async () => {
    const owner = await createCustomer(t);
    const model = `Model${unique()}`;
    const vehicle = await createVehicle(t, owner.id, { model, vin: '2HGCM82633A004352' });
    for (const q of [model.toLowerCase(), vehicle.plateNumber.toLowerCase(), vehicle.plateNumber.replace(/ /g, '').toLowerCase(), '2hgcm8263']) {
      assert.ok((await t.get(`/api/vehicles?q=${encodeURIComponent(q)}`)).body.items.some((v: { id: number }) => v.id === vehicle.id), q);
    }
  });

  test('the unfiltered total stays exact through creates, failed creates and deletes', async () => {
    const total = async () => (await t.get('/api/customers?limit=1')).body.total as number;
    const start = await total();
    const a = await createCustomer(t);
    await createCustomer(t);
    await t.post('/api/customers', { name: 'Duplicate', email: a.email });
    assert.equal(await total(), start + 2);
    await t.delete(`/api/customers/${a.id}`);
    assert.equal(await total(), start + 1);
    assert.equal(await total(), (await t.get('/api/customers?limit=200&offset=0&sort=id')).body.items.length);
  });

  test('services are searched by description and mechanic', async () => {
    const owner = await createCustomer(t);
    const vehicle = await createVehicle(t, owner.id);
    const word = `Gearbox${unique()}`;
    const byDescription = await t.post('/api/services', { vehicleId: vehicle.id, description: `Rebuild ${word} housing` });
    const byMechanic = await t.post('/api/services', { vehicleId: vehicle.id, description: 'Tyres', mechanic: `Pak ${word}` });
    const found = await t.get(`/api/services?q=${word.toLowerCase()}&sort=id`);
    assert.deepEqual(found.body.items.map((s: { id: number }) => s.id), [byDescription.body.id, byMechanic.body.id]);
  });

  test('sorts by every field of the item, ascending and descending, empty values last', async () => {
    const owner = await createCustomer(t);
    const vehicleTag = `Sort${unique()}`;
    const mileages = [30_000, null, 5_000, 120_000];
    const made: { id: number }[] = [];
    for (const [i, mileage] of mileages.entries()) {
      made.push(await createVehicle(t, owner.id, { model: vehicleTag, mileage, color: ['red', 'Blue', null, 'green'][i] }));
    }
    const ids = async (sort: string) =>
      (await t.get(`/api/vehicles?q=${vehicleTag}&sort=${sort}`)).body.items.map((v: { id: number }) => v.id);
    const byIndex = (order: number[]) => order.map((i) => made[i]!.id);
    assert.deepEqual(await ids('mileage'), byIndex([2, 0, 3, 1]));
    assert.deepEqual(await ids('-mileage'), byIndex([3, 0, 2, 1]));
    assert.deepEqual(await ids('color'), byIndex([1, 3, 0, 2]), 'text sorts case-insensitively');
    // Every field of a vehicle, customer and service is accepted, and none fails.
    for (const [collection, item] of [['customers', 'name'], ['vehicles', 'plateNumber'], ['services', 'description']] as const) {
      const fields = Object.keys((await t.get(`/api/${collection}?limit=1`)).body.items[0] ?? {});
      assert.ok(fields.includes(item), `${collection} has items to look at`);
      for (const field of fields) {
        for (const sort of [field, `-${field}`]) {
          const reply = await t.get(`/api/${collection}?sort=${sort}&limit=5`);
          assert.equal(reply.status, 200, `${collection} sort=${sort}: ${JSON.stringify(reply.body)}`);
        }
      }
    }
  });

  test('sort by the owner or the vehicle groups their items together', async () => {
    const first = await createCustomer(t);
    const second = await createCustomer(t);
    const tagged = `Owner${unique()}`;
    const a = await createVehicle(t, second.id, { model: tagged });
    const b = await createVehicle(t, first.id, { model: tagged });
    const c = await createVehicle(t, second.id, { model: tagged });
    const ids = (await t.get(`/api/vehicles?q=${tagged}&sort=customerId`)).body.items.map((v: { id: number }) => v.id);
    assert.deepEqual(ids, [b.id, a.id, c.id]);
    const services = await Promise.all([c, a].map((v) => t.post('/api/services', { vehicleId: v.id, description: tagged })));
    const byVehicle = (await t.get(`/api/services?q=${tagged}&sort=-vehicleId`)).body.items.map((s: { vehicleId: number }) => s.vehicleId);
    assert.deepEqual(byVehicle, services.map((s) => s.body.vehicleId).sort((x, y) => y - x));
  });

  for (const query of ['limit=0', 'limit=201', 'limit=abc', 'offset=-1', 'offset=1.5', 'sort=password', 'sort=--name', 'unknown=1', 'limit=1&limit=2', `q=${'x'.repeat(201)}`]) {
    test(`rejects ${query.slice(0, 30)} with 400`, async () => {
      const reply = await t.get(`/api/customers?${query}`);
      assert.equal(reply.status, 400);
      assert.equal(reply.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.equal(reply.body.detail, 'The query string is invalid');
    });
  }
});
