// The OpenAPI document is one that client generators and validators take as it is: Spectral's
// `oas` ruleset (the linter most OpenAPI tooling follows) finds nothing to warn about, every
// operation has a unique operationId and a description, and parameters with defaults are
// optional.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import spectralCore from '@stoplight/spectral-core';
import spectralParsers from '@stoplight/spectral-parsers';
import { oas } from '@stoplight/spectral-rulesets';
import { startApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let doc: any;
before(async () => {
  t = await startApp();
  doc = (await t.get('/api/openapi.json')).body;
});
after(() => t.close());

const METHODS = ['get', 'put', 'post', 'patch', 'delete'];
const operations = () =>
  Object.entries(doc.paths as Record<string, Record<string, { operationId?: string; description?: string; parameters?: { name: string; in: string; required?: boolean }[] }>>).flatMap(
    ([path, item]) => Object.entries(item).filter(([method]) => METHODS.includes(method)).map(([method, operation]) => ({ path, method, operation })),
  );

describe('the OpenAPI document', () => {
  test("passes Spectral's oas ruleset without an error or a warning", async () => {
    const spectral = new spectralCore.Spectral();
    spectral.setRuleset(oas as spectralCore.RulesetDefinition);
    const results = await spectral.run(new spectralCore.Document(JSON.stringify(doc, null, 2), spectralParsers.Json, 'openapi.json'));
    // Severity 0 is an error, 1 a warning; 2 and 3 are information and hints.
    const findings = results.filter((result) => result.severity <= 1).map((result) => `${result.code} at ${result.path.join('.')}: ${result.message}`);
    assert.deepEqual(findings, []);
  });

  test('every operation has a unique operationId and a description', () => {
    const ids = operations().map(({ path, method, operation }) => {
      assert.ok(operation.operationId, `${method} ${path} has an operationId`);
      assert.ok(operation.description, `${method} ${path} has a description`);
      return operation.operationId;
    });
    assert.equal(new Set(ids).size, ids.length);
    assert.ok(ids.includes('listCustomers') && ids.includes('getVehicle') && ids.includes('listVehicleServices'), ids.join(', '));
  });

  test('paging and sort parameters are optional: they have defaults', () => {
    const list = doc.paths['/api/customers'].get.parameters as { name: string; required?: boolean; schema: { default?: unknown } }[];
    for (const name of ['limit', 'offset', 'sort']) {
      const parameter = list.find((p) => p.name === name)!;
      assert.notEqual(parameter.required, true, `${name} is optional`);
      assert.notEqual(parameter.schema.default, undefined, `${name} has a default`);
    }
    for (const { path, method, operation } of operations()) {
      for (const parameter of operation.parameters ?? []) {
        if (parameter.in === 'query') assert.notEqual(parameter.required, true, `${method} ${path} ?${parameter.name} is optional`);
      }
    }
  });

  test('sort offers every field of the item, both ways', () => {
    const sortable = (path: string) =>
      (doc.paths[path].get.parameters as { name: string; schema: { enum: string[] } }[]).find((p) => p.name === 'sort')!.schema.enum;
    const item = (name: string) => Object.keys(doc.paths[`/api/${name}/{id}`].get.responses['200'].content['application/json'].schema.properties);
    for (const name of ['customers', 'vehicles', 'services']) {
      const fields = item(name);
      assert.deepEqual([...sortable(`/api/${name}`)].sort(), fields.flatMap((f) => [f, `-${f}`]).sort(), name);
    }
    assert.ok(item('customers').includes('phone') && item('vehicles').includes('customerId') && item('services').includes('vehicleId'));
  });
});
