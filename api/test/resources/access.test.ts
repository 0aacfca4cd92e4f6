// Who may do what (API.md v2, accounts and access), route by route from the OpenAPI document, so
// that a route added later is in the matrix without anyone remembering to add it: without
// credentials every protected path is 401 and changes nothing; each role gets 403 exactly where
// the contract's table says it may not. Then the finer rules: what a mechanic may change on a
// service, the CSRF check on a session's writes, a token judged alone, /metrics behind its
// token, and answers held in the shared cache never crossing a role or outliving a credential.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Role } from '../../src/db/schema.ts';
import { startApp, type Client, type TestApp } from '../helpers/app.ts';
import { createCustomer, createService, createVehicle, snapshot } from '../helpers/data.ts';

let t: TestApp;
let roles: Record<Role, Client>;
before(async () => {
  t = await startApp();
  roles = { owner: await t.as('owner'), frontdesk: await t.as('frontdesk'), mechanic: await t.as('mechanic') };
});
after(() => t.close());

/** Open to anyone (API.md v2): everything else needs credentials. */
const PUBLIC = new Set(['GET /api/health', 'GET /api/ready', 'POST /api/auth/login', 'GET /api/setup', 'POST /api/setup']);

/** The contract's table of roles, as a rule over operations. */
function mayCall(role: Role, method: string, path: string): boolean {
  if (role === 'owner') return true;
  if (/^\/api\/(users|tokens|audit)\b/.test(path)) return false;
  if (path === '/api/settings') return method === 'GET';
  if (path.endsWith('/void')) return false;
  if (role === 'frontdesk') return true;
  if (path.startsWith('/api/invoices') || path.endsWith('/invoice')) return false;
  // Import and export are the front desk's (API.md's table), not a mechanic's.
  if (path.startsWith('/api/import/') || path.endsWith('.csv')) return false;
  if (path.startsWith('/api/auth/')) return true;
  // A mechanic's work: a service's lines, its status, mileage and mechanic.
  if (path.startsWith('/api/services/{id}/lines')) return true;
  if (method === 'GET' && /^\/api\/(customers|vehicles|services)\b/.test(path)) return true;
  return method === 'PATCH' && path === '/api/services/{id}';
}

interface Operation {
  method: string;
  path: string;
}

async function operations(): Promise<Operation[]> {
  const document = (await t.get('/api/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(document.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => ({ method: method.toUpperCase(), path })));
}

/** A request for an operation: ids no record has, and an empty JSON body where one is taken. */
const call = (client: Client, { method, path }: Operation) =>
  client.inject({ method: method as 'GET', url: path.replace(/\{[^}]+\}/g, '999999'), ...(['POST', 'PUT', 'PATCH'].includes(method) ? { payload: {} } : {}) });

describe('access, route by route', () => {
  test('the OpenAPI document lists the routes the matrix covers', async () => {
    const listed = (await operations()).map((o) => `${o.method} ${o.path}`);
    for (const expected of ['GET /api/customers', 'PATCH /api/services/{id}', 'GET /api/users', 'DELETE /api/tokens/{id}', 'GET /api/audit', 'GET /api/stats']) {
      assert.ok(listed.includes(expected), expected);
    }
  });

  test('without credentials every protected path answers 401 problem+json with WWW-Authenticate, and changes nothing', async () => {
    await createCustomer(t);
    const before = await snapshot(t);
    for (const operation of await operations()) {
      if (PUBLIC.has(`${operation.method} ${operation.path}`)) continue;
      const response = await call(t.anonymous, operation);
      assert.equal(response.statusCode, 401, `${operation.method} ${operation.path}`);
      assert.equal(response.headers['www-authenticate'], 'Bearer');
      assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.equal(response.json().code, 'unauthenticated');
    }
    assert.deepEqual(await snapshot(t), before);
  });

  test('each role gets 403 exactly where the table says it may not, before any validation', async () => {
    const wrong: string[] = [];
    for (const operation of await operations()) {
      if (PUBLIC.has(`${operation.method} ${operation.path}`)) continue;
      for (const role of ['owner', 'frontdesk', 'mechanic'] as const) {
        const response = await call(roles[role], operation);
        const refused = response.statusCode === 403;
        if (response.statusCode === 401 || refused === mayCall(role, operation.method, operation.path)) {
          wrong.push(`${role} ${operation.method} ${operation.path}: ${response.statusCode}`);
        }
      }
    }
    assert.deepEqual(wrong, []);
  });

  test('a 403 names the roles that may, and the caller\'s own', async () => {
    const reply = await roles.mechanic.post('/api/customers', { name: 'Not Allowed' });
    assert.equal(reply.status, 403);
    assert.equal(reply.body.code, 'forbidden');
    assert.match(reply.body.detail, /owner or frontdesk role; you are mechanic/);
  });
});

describe("a mechanic's work on a service", () => {
  test('moves its status and sets mileage and mechanic; any other field is 403 and changes nothing', async () => {
    const vehicle = await createVehicle(t, (await createCustomer(t)).id);
    const service = await createService(t, vehicle.id, { cost: 150000 });
    const mechanic = roles.mechanic;
    assert.equal((await mechanic.patch(`/api/services/${service.id}`, { status: 'in_progress', mechanic: 'Agus', mileage: 42000 })).status, 200);
    for (const body of [{ cost: 1 }, { description: 'Cheaper' }, { status: 'completed', cost: 0 }, { vehicleId: vehicle.id }]) {
      const refused = await mechanic.patch(`/api/services/${service.id}`, body);
      assert.equal(refused.status, 403, JSON.stringify(body));
      assert.ok(refused.body.errors.length > 0);
    }
    const stored = (await t.get(`/api/services/${service.id}`)).body;
    assert.deepEqual([stored.status, stored.mechanic, stored.mileage, stored.cost], ['in_progress', 'Agus', 42000, 150000]);
    assert.equal((await mechanic.put(`/api/services/${service.id}`, { vehicleId: vehicle.id, description: 'x' })).status, 403, 'no full replacement');
    assert.equal((await mechanic.delete(`/api/services/${service.id}`)).status, 403);
  });

  test('a completed service is final for a mechanic: 403, while the front desk may still correct it', async () => {
    const vehicle = await createVehicle(t, (await createCustomer(t)).id);
    const service = await createService(t, vehicle.id, { status: 'in_progress' });
    assert.equal((await roles.mechanic.patch(`/api/services/${service.id}`, { status: 'completed', mileage: 50000 })).status, 200);
    const refused = await roles.mechanic.patch(`/api/services/${service.id}`, { mileage: 1 });
    assert.equal(refused.status, 403);
    assert.match(refused.body.detail, /completed/);
    assert.equal((await roles.frontdesk.patch(`/api/services/${service.id}`, { mileage: 50001 })).status, 200);
  });
});

describe('credentials', () => {
  test('a request that sends a token is judged by it alone, never by the cookie beside it', async () => {
    const both = await t.inject({ method: 'GET', url: '/api/customers', headers: { authorization: 'Bearer bk_not-a-real-token' } });
    assert.equal(both.statusCode, 401, 'the session cookie of the test app is not a fallback');
    assert.match(String(both.headers['www-authenticate']), /error="invalid_token"/);
    const malformed = await t.anonymous.inject({ method: 'GET', url: '/api/customers', headers: { authorization: 'Basic ZGV3aTpzZWNyZXQ=' } });
    assert.equal(malformed.statusCode, 401);
  });

  test('a revoked token and a deactivated user stop at once, even with their answers held in the cache', async () => {
    const made = await t.post('/api/tokens', { name: 'soon revoked', role: 'frontdesk' });
    const bearer = { authorization: `Bearer ${made.body.token}` };
    for (let i = 0; i < 3; i++) assert.equal((await t.anonymous.inject({ method: 'GET', url: '/api/customers', headers: bearer })).statusCode, 200);
    assert.equal((await t.delete(`/api/tokens/${made.body.id}`)).status, 204);
    assert.equal((await t.anonymous.inject({ method: 'GET', url: '/api/customers', headers: bearer })).statusCode, 401);

    const user = await t.post('/api/users', { name: 'Rudi', email: 'rudi@bengkel.test', role: 'frontdesk', password: 'kunci-bengkel-rudi' });
    const login = await t.anonymous.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'rudi@bengkel.test', password: 'kunci-bengkel-rudi' } });
    const cookie = { cookie: `bengkel_session=${login.cookies[0]!.value}` };
    for (let i = 0; i < 3; i++) assert.equal((await t.anonymous.inject({ method: 'GET', url: '/api/customers', headers: cookie })).statusCode, 200);
    assert.equal((await t.patch(`/api/users/${user.body.id}`, { active: false })).status, 200);
    assert.equal((await t.anonymous.inject({ method: 'GET', url: '/api/customers', headers: cookie })).statusCode, 401);
  });

  test("a cached answer never reaches a role that may not read it", async () => {
    for (let i = 0; i < 3; i++) assert.equal((await roles.owner.get('/api/stats')).status, 200);
    assert.equal((await roles.mechanic.get('/api/stats')).status, 403);
    assert.equal((await t.anonymous.get('/api/stats')).status, 401);
  });
});

describe('CSRF: a write made with the session cookie', () => {
  const session = () => ({ cookie: String(t.headers.cookie) });
  const write = (headers: Record<string, string>) =>
    t.anonymous.inject({ method: 'POST', url: '/api/customers', headers: { ...session(), ...headers }, payload: { name: 'Cross Site' } });

  test('from another origin, or with no sign of its own, is 403 and changes nothing', async () => {
    const before = await snapshot(t);
    for (const headers of [{ origin: 'https://evil.example' }, { 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' }, {}, { origin: 'null' }] as Record<string, string>[]) {
      const response = await write(headers);
      assert.equal(response.statusCode, 403, JSON.stringify(headers));
      assert.equal(response.json().code, 'csrf');
    }
    assert.deepEqual(await snapshot(t), before);
  });

  test("from the page's own origin, or an origin in CORS_ORIGINS, goes through; reads need no origin", async () => {
    assert.equal((await write({ origin: 'http://localhost:80' })).statusCode, 201, 'its own origin (the Host it was sent to)');
    assert.equal((await write({ origin: 'http://localhost:8085' })).statusCode, 201, 'CORS_ORIGINS (the default)');
    assert.equal((await write({ 'sec-fetch-site': 'same-origin' })).statusCode, 201);
    assert.equal((await t.anonymous.inject({ method: 'GET', url: '/api/customers', headers: session() })).statusCode, 200);
  });

  test('behind the web server, its own origin is the one the browser saw (X-Forwarded-Host, -Proto)', async () => {
    const proxied = { 'x-forwarded-host': 'bengkel.shop:8085', 'x-forwarded-proto': 'https', 'x-forwarded-for': '192.168.1.23' };
    assert.equal((await write({ ...proxied, origin: 'https://bengkel.shop:8085' })).statusCode, 201);
    assert.equal((await write({ ...proxied, origin: 'http://bengkel.shop:8085' })).statusCode, 403);
  });

  test('a request with an API token is no CSRF risk (no browser sends one by itself): no origin needed', async () => {
    assert.equal((await roles.frontdesk.post('/api/customers', { name: 'Scripted' })).status, 201);
  });
});

describe('/metrics with METRICS_TOKEN', () => {
  test('answers only with the token; without METRICS_TOKEN it is open', async () => {
    const secured = await startApp({ METRICS_TOKEN: 'a-metrics-token-of-24-chars' });
    try {
      assert.equal((await secured.anonymous.inject({ method: 'GET', url: '/metrics' })).statusCode, 401);
      assert.equal((await secured.inject({ method: 'GET', url: '/metrics' })).statusCode, 401, 'a signed-in user is not Prometheus');
      assert.equal((await secured.anonymous.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer a-metrics-token-of-24-chars-not' } })).statusCode, 401);
      const scraped = await secured.anonymous.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer a-metrics-token-of-24-chars' } });
      assert.equal(scraped.statusCode, 200);
      assert.match(scraped.body, /^http_requests_total/m);
    } finally {
      await secured.close();
    }
    assert.equal((await t.anonymous.inject({ method: 'GET', url: '/metrics' })).statusCode, 200);
  });
});
