import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseOptions, type Options } from '../src/options.ts';
import { SCENARIOS, type StageOutcome, type StagePlan } from '../src/scenarios/index.ts';
import { sequenceFor, STRESS_TEST_USER } from '../src/scenarios/requests.ts';

const options = (...args: string[]) => parseOptions(args, {}) as Options;

/** Every stage a scenario plans when each stage's outcome is `held(plan)`. */
function stages(name: keyof typeof SCENARIOS, args: string[] = [], held: (plan: StagePlan) => boolean = () => true): StagePlan[] {
  const opts = options(name, ...args);
  const done: StageOutcome[] = [];
  for (let plan = SCENARIOS[name].next(opts, done); plan; plan = SCENARIOS[name].next(opts, done)) done.push({ plan, withinTargets: held(plan) });
  return done.map((d) => d.plan);
}

describe('scenarios', () => {
  test('normal: 100 GET /api/vehicles at 1 request per second from one user', () => {
    const [stage, ...rest] = stages('normal');
    assert.equal(rest.length, 0);
    assert.deepEqual({ users: stage!.users, amount: stage!.amount, rate: stage!.rate }, { users: 1, amount: 100, rate: 1 });
    assert.deepEqual(stage!.requests.map((r) => `${r.method} ${r.path}`), ['GET /api/vehicles']);
  });

  test('high: 3 users × 500 rounds of POST then GET = 3 000 requests, every POST a different email', () => {
    const [stage] = stages('high');
    assert.deepEqual({ users: stage!.users, amount: stage!.amount }, { users: 3, amount: 3000 });
    assert.deepEqual(stage!.requests.map((r) => `${r.method} ${r.path}`), ['POST /api/customers', 'GET /api/customers']);
    const emails = new Set(Array.from({ length: 100 }, () => (stage!.requests[0]!.body!() as { email: string }).email));
    assert.equal(emails.size, 100);
  });

  test('high-same-email: every POST sends exactly the original experiment\'s body', () => {
    const [stage] = stages('high-same-email', ['--iterations', '10']);
    assert.equal(stage!.amount, 60);
    assert.deepEqual(stage!.requests[0]!.body!(), { name: 'StressTestUser', email: 'stress@test.com' });
    assert.deepEqual(STRESS_TEST_USER, { name: 'StressTestUser', email: 'stress@test.com' });
  });

  test('stress doubles the users until a stage misses its targets, and stops at --max-users', () => {
    assert.deepEqual(stages('stress', ['--max-users', '16']).map((s) => s.users), [1, 2, 4, 8, 16]);
    assert.deepEqual(stages('stress', [], (plan) => plan.users < 8).map((s) => s.users), [1, 2, 4, 8]);
    assert.deepEqual(stages('stress', ['--users', '5', '--step', '5', '--max-users', '20']).map((s) => s.users), [5, 10, 15, 20]);
  });

  test('spike: before, the spike at 10 × the users, after', () => {
    assert.deepEqual(stages('spike', ['--users', '3', '--duration', '20s']).map((s) => [s.label, s.users, s.durationSeconds]), [
      ['before', 3, 20], ['spike', 30, 20], ['after', 3, 20],
    ]);
  });

  test('soak runs one steady stage for the chosen duration (5 minutes by default)', () => {
    assert.deepEqual(stages('soak').map((s) => [s.users, s.durationSeconds]), [[4, 300]]);
    assert.deepEqual(stages('soak', ['--duration', '2h']).map((s) => s.durationSeconds), [7200]);
  });

  test('a weighted mix spreads the heavier endpoints through the sequence', () => {
    const order = sequenceFor([
      { method: 'GET', path: '/a', weight: 3 },
      { method: 'GET', path: '/b', weight: 1 },
    ]).map((r) => r.path);
    assert.deepEqual(order.slice().sort(), ['/a', '/a', '/a', '/b']);
    assert.notDeepEqual(order, ['/a', '/a', '/a', '/b']);
  });
});
