// serve.mjs's rate limit does nginx's limit_req arithmetic (burst, nodelay), step by step with a
// clock of the test's own; servers.test.ts compares it with nginx under a real burst.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
// @ts-expect-error: a plain ES module of serve.mjs
import { rateLimiter } from '../scripts/rate-limit.mjs';

describe('the npm start server\'s rate limit', () => {
  test('lets a burst through at once, refuses beyond it, and refills at the rate', () => {
    const limit = rateLimiter({ rate: 10, burst: 5 });
    const at = (ms: number, n = 1) => Array.from({ length: n }, () => limit.allow('10.0.0.2', ms));
    assert.deepEqual(at(0, 7), [true, true, true, true, true, true, false], 'the first request and a burst of 5');
    assert.deepEqual(at(50), [false], 'half a request refilled is not enough');
    assert.deepEqual(at(100, 2), [true, false], 'one request refilled in 1/10 s');
    assert.deepEqual(at(10_000, 7), [true, true, true, true, true, true, false], 'after a pause, as fresh as a new client');
    assert.equal(limit.allow('10.0.0.3', 10_000), true, 'each client address has its own bucket');
  });
});
