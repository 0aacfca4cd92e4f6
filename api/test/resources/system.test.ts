import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
before(async () => {
  t = await startApp();
});
after(() => t.close());

describe('health, readiness and documentation', () => {
  test('health is 200 {"status":"ok"}', async () => {
    const reply = await t.get('/api/health');
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.body, { status: 'ok' });
  });

  test('ready is 200 while the database answers', async () => {
    const reply = await t.get('/api/ready');
    assert.equal(reply.status, 200);
    assert.equal(reply.body.status, 'ready');
  });

  test('the OpenAPI document describes every endpoint from the validating schemas', async () => {
    const reply = await t.get('/api/openapi.json');
    assert.equal(reply.status, 200);
    const doc = reply.body;
    assert.equal(doc.openapi, '3.1.0');
    for (const path of [
      '/api/customers',
      '/api/customers/{id}',
      '/api/customers/{id}/vehicles',
      '/api/vehicles',
      '/api/vehicles/{id}',
      '/api/vehicles/{id}/services',
      '/api/services',
      '/api/services/{id}',
      '/api/stats',
      '/api/health',
      '/api/ready',
    ]) {
      assert.ok(doc.paths[path], `${path} is documented`);
    }
    const create = doc.paths['/api/customers'].post;
    const body = create.requestBody.content['application/json'].schema;
    assert.deepEqual(body.required, ['name']);
    assert.equal(body.properties.name.maxLength, 120);
    assert.equal(body.additionalProperties, false);
    assert.ok(create.responses['201'] && create.responses['409']);
    const list = doc.paths['/api/services'].get.parameters.map((p: { name: string }) => p.name).sort();
    assert.deepEqual(list, ['customerId', 'from', 'limit', 'offset', 'q', 'sort', 'status', 'to', 'vehicleId']);
  });

  test('the docs page is served', async () => {
    const reply = await t.inject({ method: 'GET', url: '/api/docs/' });
    assert.equal(reply.statusCode, 200);
    assert.match(reply.body, /swagger-ui/i);
  });

  test('the frontend origin may call the API from a browser; others may not', async () => {
    const allowed = await t.inject({ method: 'OPTIONS', url: '/api/customers', headers: { origin: 'http://localhost:8085', 'access-control-request-method': 'POST' } });
    assert.equal(allowed.headers['access-control-allow-origin'], 'http://localhost:8085');
    const denied = await t.inject({ method: 'GET', url: '/api/customers', headers: { origin: 'http://evil.example' } });
    assert.equal(denied.headers['access-control-allow-origin'], undefined);
  });

  test("helmet's security headers are on every answer: a read, a cached read again, a write, a refusal, a problem", async () => {
    const created = await t.inject({ method: 'POST', url: '/api/customers', payload: { name: 'Header Check', phone: '0812 1111 2222' } });
    assert.equal(created.statusCode, 201);
    const answers = [
      created,
      await t.inject({ method: 'GET', url: '/api/customers' }),
      await t.inject({ method: 'GET', url: '/api/customers' }),
      await t.inject({ method: 'GET', url: '/api/customers/999999999' }),
      await t.inject({ method: 'POST', url: '/api/customers', payload: '{', headers: { 'content-type': 'application/json' } }),
      await t.inject({ method: 'GET', url: '/api/nowhere' }),
    ];
    for (const answer of answers) {
      const where = `${answer.statusCode} ${answer.headers['content-type']}`;
      assert.equal(answer.headers['x-content-type-options'], 'nosniff', where);
      assert.equal(answer.headers['x-frame-options'], 'SAMEORIGIN', where);
      assert.equal(answer.headers['strict-transport-security'], 'max-age=31536000; includeSubDomains', where);
      assert.equal(answer.headers['referrer-policy'], 'no-referrer', where);
      assert.equal(answer.headers['cross-origin-resource-policy'], 'cross-origin', where);
      assert.equal(answer.headers['x-powered-by'], undefined, where);
    }
  });
});
