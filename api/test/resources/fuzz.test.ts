// Property-based bad input: thousands of malformed bodies, ids and query strings at every
// route. Whatever arrives, the API never answers 5xx, never leaks a stack trace or SQL, answers
// every error as problem+json, and a 4xx leaves the stored data exactly as it was.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { startApp, toReply, type TestApp } from '../helpers/app.ts';
import { createCustomer, createService, createVehicle } from '../helpers/data.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

let t: TestApp;
let ids: { customer: number; vehicle: number; service: number };
before(async () => {
  // Load shedding is tested on its own (operations/load-shedding); here a pause of the test
  // machine must not turn a malformed-input check into a 503.
  t = await startApp({ MAX_EVENT_LOOP_DELAY_MS: '0' });
  const customer = await createCustomer(t);
  const vehicle = await createVehicle(t, customer.id);
  const service = await createService(t, vehicle.id);
  ids = { customer: customer.id, vehicle: vehicle.id, service: service.id };
});
after(() => t.close());

/** A fingerprint of everything stored: any insert, update or delete changes it. */
async function fingerprint(): Promise<string> {
  const rows = await t.app.database.run('select', 'customers', (db) =>
    db.execute(sql`select
      (select count(*) || ':' || coalesce(max(updated_at)::text, '') || ':' || coalesce(sum(id), 0) from customers) as c,
      (select count(*) || ':' || coalesce(max(updated_at)::text, '') || ':' || coalesce(sum(id), 0) from vehicles) as v,
      (select count(*) || ':' || coalesce(max(updated_at)::text, '') || ':' || coalesce(sum(id), 0) from services) as s`),
  );
  return JSON.stringify((rows as unknown as { rows: unknown[] }).rows ?? rows);
}

const FIELDS = ['name', 'email', 'phone', 'address', 'notes', 'customerId', 'plateNumber', 'make', 'model', 'year', 'color', 'vin', 'mileage', 'vehicleId', 'description', 'status', 'scheduledAt', 'cost', 'mechanic', 'id', 'createdAt', 'completedAt', '__proto__', 'constructor'];

const nasty = fc.constantFrom('', ' ', '\u0000', 'null', '-1', '0', '1e309', 'NaN', "'; drop table customers; --", '%', '_', '\\', '\ud800', '😀', 'x'.repeat(3000), '2026-02-30T00:00:00Z', '9999-12-31T23:59:59Z', 'scheduled', 'completed');
const value = fc.oneof(
  fc.jsonValue(),
  nasty,
  fc.integer(),
  fc.double(),
  fc.constantFrom(2147483648, -2147483649, Number.MAX_SAFE_INTEGER, 1e308, 0.001, 9999999999.99, 10000000000),
);

const body = fc.oneof(
  { weight: 1, arbitrary: fc.jsonValue() },
  { weight: 3, arbitrary: fc.dictionary(fc.constantFrom(...FIELDS), value, { maxKeys: 8 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.string(), value) },
);

const id = fc.oneof(
  fc.constantFrom('1', '0', '-1', '1.0', '1e3', '0x10', ' 1', '99999999999', '2147483647', '2147483648', '%00', '..', 'null'),
  fc.integer({ min: -3, max: 6 }).map(String),
  fc.string({ minLength: 1 }),
  fc.constant('REAL'),
);

const query = fc.dictionary(
  fc.constantFrom('limit', 'offset', 'q', 'sort', 'customerId', 'vehicleId', 'status', 'from', 'to', 'extra'),
  fc.oneof(fc.string(), nasty, fc.integer().map(String), fc.constantFrom('-createdAt', 'name', '-name', '2026-11-24', '2026-11-24T00:00:00Z')),
  { maxKeys: 5 },
);

const collections = ['customers', 'vehicles', 'services'] as const;
const realId = (collection: (typeof collections)[number]) => ids[collection.slice(0, -1) as keyof typeof ids];

async function check(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown, rawPayload?: string) {
  const before = await fingerprint();
  const response = await t.inject({
    method,
    url,
    ...(rawPayload !== undefined
      ? { payload: rawPayload, headers: { 'content-type': 'application/json' } }
      : payload === undefined
        ? {}
        : { payload: JSON.stringify(payload), headers: { 'content-type': 'application/json' } }),
  });
  const reply = toReply(response);
  const context = `${method} ${url} ${rawPayload ?? JSON.stringify(payload)?.slice(0, 300)} → ${response.statusCode} ${response.body.slice(0, 300)}`;
  assert.ok(response.statusCode < 500, context);
  assert.doesNotMatch(response.body, /\n\s+at |node_modules|\.ts:\d+|select .* from |insert into |violates/i, context);
  if (response.statusCode >= 400) {
    assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8', context);
    assert.equal(reply.body.status, response.statusCode, context);
    assert.equal(await fingerprint(), before, `a ${response.statusCode} changed stored data: ${context}`);
  }
}

const resolveId = (collection: (typeof collections)[number], raw: string) =>
  encodeURIComponent(raw === 'REAL' ? String(realId(collection)) : raw);

describe('malformed input never breaks the API', () => {
  for (const collection of collections) {
    test(`POST /api/${collection} with arbitrary bodies`, async () => {
      await fc.assert(fc.asyncProperty(body, (b) => check('POST', `/api/${collection}`, b)), { numRuns: RUNS });
    });

    for (const method of ['PUT', 'PATCH'] as const) {
      test(`${method} /api/${collection}/:id with arbitrary ids and bodies`, async () => {
        await fc.assert(
          fc.asyncProperty(id, body, (i, b) => check(method, `/api/${collection}/${resolveId(collection, i)}`, b)),
          { numRuns: RUNS },
        );
      });
    }

    test(`GET and DELETE /api/${collection}/:id with arbitrary ids`, async () => {
      await fc.assert(
        fc.asyncProperty(id, fc.constantFrom('GET' as const, 'DELETE' as const), (i, method) =>
          // Deleting the seeded rows would end the test's usefulness: DELETE only hits non-real ids.
          check(method === 'DELETE' && i === 'REAL' ? 'GET' : method, `/api/${collection}/${resolveId(collection, i)}`),
        ),
        { numRuns: RUNS },
      );
    });

    test(`GET /api/${collection} with arbitrary query strings`, async () => {
      await fc.assert(
        fc.asyncProperty(query, (q) => check('GET', `/api/${collection}?${new URLSearchParams(q as Record<string, string>)}`)),
        { numRuns: RUNS },
      );
    });
  }

  test('nested lists with arbitrary ids and query strings', async () => {
    await fc.assert(
      fc.asyncProperty(id, query, fc.constantFrom(['customers', 'vehicles'] as const, ['vehicles', 'services'] as const), (i, q, [parent, child]) =>
        check('GET', `/api/${parent}/${resolveId(parent, i)}/${child}?${new URLSearchParams(q as Record<string, string>)}`),
      ),
      { numRuns: RUNS },
    );
  });

  test('raw bytes that are not JSON', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string(), fc.constantFrom(...collections), (text, collection) => check('POST', `/api/${collection}`, undefined, text)),
      { numRuns: RUNS },
    );
  });
});
