import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compile, match } from '../src/router.ts';

const routes = compile(['/', '/customers', '/customers/new', '/customers/:id', '/customers/:id/edit'].map((pattern) => ({ pattern, render: () => ({}) as Node })));

describe('router', () => {
  test('matches static paths before parameters, and decodes parameters', () => {
    assert.equal(match(routes, '/')?.route.pattern, '/');
    assert.equal(match(routes, '/customers/new')?.route.pattern, '/customers/new');
    assert.deepEqual(match(routes, '/customers/42')?.params, { id: '42' });
    assert.deepEqual(match(routes, '/customers/a%20b/edit')?.params, { id: 'a b' });
  });

  test('accepts a trailing slash and rejects unknown paths', () => {
    assert.equal(match(routes, '/customers/')?.route.pattern, '/customers');
    assert.equal(match(routes, '/customers/1/delete'), undefined);
    assert.equal(match(routes, '/nothing'), undefined);
  });
});
