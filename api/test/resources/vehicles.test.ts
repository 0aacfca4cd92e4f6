import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startApp, type TestApp } from '../helpers/app.ts';
import { createCustomer, createService, createVehicle, snapshot, unique } from '../helpers/data.ts';

let t: TestApp;
let owner: { id: number };
before(async () => {
  t = await startApp();
  owner = await createCustomer(t);
});
after(() => t.close());

const nextYear = new Date().getUTCFullYear() + 1;

describe('vehicles', () => {
  test('normalises the plate number to upper case with single spaces, and the VIN to upper case', async () => {
    const code = unique().slice(-6).toLowerCase();
    const reply = await t.post('/api/vehicles', {
      customerId: owner.id,
      plateNumber: ` b  1234   ${code} `,
      make: 'Honda',
      model: 'Jazz',
      vin: '1hgcm82633a004352',
      year: nextYear,
      mileage: 0,
      color: '',
    });
    assert.equal(reply.status, 201);
    assert.equal(reply.body.plateNumber, `B 1234 ${code.toUpperCase()}`);
    assert.equal(reply.body.vin, '1HGCM82633A004352');
    assert.equal(reply.body.year, nextYear);
    assert.equal(reply.body.color, null);
    assert.equal(reply.headers.location, `/api/vehicles/${reply.body.id}`);
  });

  test('rejects a plate number that normalises to one already stored with 409 on /plateNumber', async () => {
    const vehicle = await createVehicle(t, owner.id);
    const before = await snapshot(t);
    const reply = await t.post('/api/vehicles', {
      customerId: owner.id,
      plateNumber: `  ${vehicle.plateNumber.toLowerCase().replace(' ', '   ')}`,
      make: 'Suzuki',
      model: 'Ertiga',
    });
    assert.equal(reply.status, 409);
    assert.equal(reply.body.errors[0].path, '/plateNumber');
    assert.deepEqual(await snapshot(t), before);
  });

  test('an Indonesian plate typed without spaces is stored in its usual form', async () => {
    const digits = String(1000 + (Date.now() % 9000));
    for (const [typed, stored] of [
      [`b${digits}abc`, `B ${digits} ABC`],
      [`AB ${digits.slice(0, 1)}C`, `AB ${digits.slice(0, 1)} C`],
      [`d-${digits}-x`, `D ${digits} X`],
    ]) {
      const reply = await t.post('/api/vehicles', { customerId: owner.id, plateNumber: typed, make: 'Honda', model: 'Beat' });
      assert.equal(reply.status, 201, JSON.stringify(reply.body));
      assert.equal(reply.body.plateNumber, stored);
    }
    const foreign = await t.post('/api/vehicles', { customerId: owner.id, plateNumber: `cd ${digits} xyz 9`, make: 'Volvo', model: 'XC90' });
    assert.equal(foreign.body.plateNumber, `CD ${digits} XYZ 9`, 'other plates keep their spacing');
  });

  test('a plate that differs from a stored one only in spacing is the same plate: 409', async () => {
    const digits = String(1000 + ((Date.now() + 4321) % 9000));
    const first = await t.post('/api/vehicles', { customerId: owner.id, plateNumber: `B ${digits} QQ`, make: 'Honda', model: 'Jazz' });
    assert.equal(first.status, 201);
    const before = await snapshot(t);
    for (const plate of [`B${digits}QQ`, `b ${digits}qq`, `B ${digits.slice(0, 2)} ${digits.slice(2)} QQ`]) {
      const reply = await t.post('/api/vehicles', { customerId: owner.id, plateNumber: plate, make: 'Suzuki', model: 'Ertiga' });
      assert.equal(reply.status, 409, plate);
      assert.equal(reply.body.errors[0].path, '/plateNumber');
    }
    assert.deepEqual(await snapshot(t), before);
  });

  test('an owner that does not exist is 422 and stores nothing', async () => {
    const before = await snapshot(t);
    const reply = await t.post('/api/vehicles', { customerId: 999999, plateNumber: `Z ${unique()}`.slice(0, 20), make: 'A', model: 'B' });
    assert.equal(reply.status, 422);
    assert.equal(reply.body.errors[0].path, '/customerId');
    assert.deepEqual(await snapshot(t), before);
  });

  for (const [field, value] of [
    ['year', 1899],
    ['year', nextYear + 1],
    ['year', 2000.5],
    ['year', '2000'],
    ['vin', '1HGCM82633A00435'],
    ['vin', '1HGCM82633A00435O'],
    ['vin', 'IHGCM82633A004352'],
    ['mileage', -1],
    ['mileage', 1.5],
    ['color', 'x'.repeat(31)],
    ['make', ''],
    ['model', 'x'.repeat(61)],
    ['plateNumber', '   '],
    ['plateNumber', 'B#1234'],
    ['plateNumber', 'X'.repeat(21)],
    ['customerId', 0],
    ['customerId', '1'],
  ] as const) {
    test(`rejects ${field}=${JSON.stringify(value)} with 400 naming /${field}`, async () => {
      const before = await snapshot(t);
      const reply = await t.post('/api/vehicles', {
        customerId: owner.id,
        plateNumber: `Q ${unique().slice(-8)}`,
        make: 'Toyota',
        model: 'Rush',
        [field]: value,
      });
      assert.equal(reply.status, 400);
      assert.ok(reply.body.errors.some((e: { path: string }) => e.path === `/${field}`), JSON.stringify(reply.body.errors));
      assert.deepEqual(await snapshot(t), before);
    });
  }

  test('PUT replaces the vehicle (omitted optionals become null) and may move it to another owner', async () => {
    const vehicle = await createVehicle(t, owner.id, { year: 2015, color: 'Red', mileage: 1000 });
    const other = await createCustomer(t);
    const reply = await t.put(`/api/vehicles/${vehicle.id}`, { customerId: other.id, plateNumber: vehicle.plateNumber, make: 'Daihatsu', model: 'Xenia' });
    assert.equal(reply.status, 200);
    assert.equal(reply.body.customerId, other.id);
    assert.equal(reply.body.year, null);
    assert.equal(reply.body.color, null);
    assert.equal(reply.body.mileage, null);
  });

  test('PATCH to an owner that does not exist is 422 and changes nothing', async () => {
    const vehicle = await createVehicle(t, owner.id);
    const reply = await t.patch(`/api/vehicles/${vehicle.id}`, { customerId: 999999 });
    assert.equal(reply.status, 422);
    assert.equal((await t.get(`/api/vehicles/${vehicle.id}`)).body.customerId, owner.id);
  });

  test('PATCH normalises a new plate number and refuses one taken by another vehicle', async () => {
    const a = await createVehicle(t, owner.id);
    const b = await createVehicle(t, owner.id);
    const renamed = await t.patch(`/api/vehicles/${a.id}`, { plateNumber: ' ab  12 ' });
    assert.equal(renamed.status, 200);
    assert.equal(renamed.body.plateNumber, 'AB 12');
    assert.equal((await t.patch(`/api/vehicles/${b.id}`, { plateNumber: 'ab 12' })).status, 409);
  });

  test('DELETE of a vehicle with service records is 409; without, 204', async () => {
    const vehicle = await createVehicle(t, owner.id);
    await createService(t, vehicle.id);
    const blocked = await t.delete(`/api/vehicles/${vehicle.id}`);
    assert.equal(blocked.status, 409);
    assert.equal(blocked.body.code, 'has_dependants');
    assert.equal((await t.get(`/api/vehicles/${vehicle.id}`)).status, 200);
    const bare = await createVehicle(t, owner.id);
    assert.equal((await t.delete(`/api/vehicles/${bare.id}`)).status, 204);
  });

  test('lists the services of a vehicle, and 404 for a vehicle that does not exist', async () => {
    const vehicle = await createVehicle(t, owner.id);
    const service = await createService(t, vehicle.id);
    const reply = await t.get(`/api/vehicles/${vehicle.id}/services`);
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.body.items.map((s: { id: number }) => s.id), [service.id]);
    assert.equal((await t.get('/api/vehicles/999999/services')).status, 404);
    assert.equal((await t.get(`/api/vehicles/${vehicle.id}/services?vehicleId=1`)).status, 400);
  });

  test('filters the list by owner', async () => {
    const customer = await createCustomer(t);
    const v1 = await createVehicle(t, customer.id);
    const v2 = await createVehicle(t, customer.id);
    const reply = await t.get(`/api/vehicles?customerId=${customer.id}`);
    assert.deepEqual(reply.body.items.map((v: { id: number }) => v.id), [v2.id, v1.id]);
    assert.equal(reply.body.total, 2);
  });
});

describe('vehicles name their owner', () => {
  test('each answer carries owner {name, phone}: create, item, list, a customer\'s vehicles, PATCH', async () => {
    const customer = await createCustomer(t, { name: `Pak Budi ${unique()}`, phone: '0813 2222 9999' });
    const expected = { name: customer.name, phone: '0813 2222 9999' };
    const created = await t.post('/api/vehicles', { customerId: customer.id, plateNumber: `B ${unique().slice(-6)}`, make: 'Daihatsu', model: 'Xenia' });
    assert.equal(created.status, 201);
    assert.deepEqual(created.body.owner, expected);
    const id = created.body.id as number;
    assert.deepEqual((await t.get(`/api/vehicles/${id}`)).body.owner, expected);
    assert.deepEqual((await t.get(`/api/vehicles?customerId=${customer.id}`)).body.items[0].owner, expected);
    assert.deepEqual((await t.get(`/api/customers/${customer.id}/vehicles`)).body.items[0].owner, expected);
    assert.deepEqual((await t.patch(`/api/vehicles/${id}`, { color: 'Silver' })).body.owner, expected);
    const other = await createCustomer(t, { phone: null });
    assert.deepEqual((await t.patch(`/api/vehicles/${id}`, { customerId: other.id })).body.owner, { name: other.name, phone: null }, 'a new owner');
  });

  test('owner is read-only: sent in a body it is 400 on /owner and nothing is stored', async () => {
    const vehicle = await createVehicle(t, owner.id);
    const before = await snapshot(t);
    const body = { customerId: owner.id, plateNumber: `B ${unique().slice(-6)}`, make: 'Honda', model: 'Brio', owner: { name: 'Someone', phone: null } };
    for (const reply of [await t.post('/api/vehicles', body), await t.put(`/api/vehicles/${vehicle.id}`, body), await t.patch(`/api/vehicles/${vehicle.id}`, { owner: body.owner })]) {
      assert.equal(reply.status, 400);
      assert.ok(reply.body.errors.some((e: { path: string }) => e.path === '/owner'), JSON.stringify(reply.body.errors));
    }
    assert.deepEqual(await snapshot(t), before);
  });

  test("sorts by owner, meaning the owner's name case-insensitively", async () => {
    const model = `Sort${unique()}`;
    const names = ['carla', 'Andi', 'bima'];
    for (const name of names) await createVehicle(t, (await createCustomer(t, { name: `${name} ${model}` })).id, { model });
    const order = async (sort: string) => (await t.get(`/api/vehicles?q=${model}&sort=${sort}`)).body.items.map((v: { owner: { name: string } }) => v.owner.name.split(' ')[0]);
    assert.deepEqual(await order('owner'), ['Andi', 'bima', 'carla']);
    assert.deepEqual(await order('-owner'), ['carla', 'bima', 'Andi']);
  });

  test("a renamed owner shows at once on their vehicles (item, list, the customer's vehicles)", async () => {
    const customer = await createCustomer(t);
    const vehicle = await createVehicle(t, customer.id);
    const reads = () => Promise.all([t.get(`/api/vehicles/${vehicle.id}`), t.get(`/api/vehicles?customerId=${customer.id}`), t.get(`/api/customers/${customer.id}/vehicles`)]);
    await reads(); // cached, where a cache is configured
    await reads();
    const name = `Renamed ${unique()}`;
    assert.equal((await t.patch(`/api/customers/${customer.id}`, { name })).status, 200);
    const [one, list, nested] = await reads();
    assert.deepEqual([one.body.owner.name, list.body.items[0].owner.name, nested.body.items[0].owner.name], [name, name, name]);
  });
});
