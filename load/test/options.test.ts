import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseDuration, parseMix, parseOptions, UsageError } from '../src/options.ts';

const parse = (...args: string[]) => parseOptions(args, {});
const pick = (options: ReturnType<typeof parseOptions>) => {
  const { token, metricsToken } = options as { token?: string; metricsToken?: string };
  return { token, metricsToken };
};
const rejects = (args: string[], message: RegExp) => assert.throws(() => parse(...args), (error: Error) => error instanceof UsageError && message.test(error.message));

describe('options', () => {
  test('a scenario alone gets the documented defaults', () => {
    assert.deepEqual(parse('normal'), {
      scenario: 'normal', url: 'http://localhost:5000', users: undefined, requests: undefined, iterations: undefined, durationSeconds: undefined,
      rate: undefined, mix: undefined, step: undefined, maxUsers: 256, spikeUsers: undefined, prometheus: undefined, out: 'reports',
      maxP95Ms: 200, maxErrorRate: 0.01, max4xxRate: undefined, progress: true, token: undefined, metricsToken: undefined,
    });
  });

  test('the API address comes from --url, else BENGKEL_URL, without a trailing slash', () => {
    assert.equal((parseOptions(['normal'], { BENGKEL_URL: 'http://api:5000/' }) as { url: string }).url, 'http://api:5000');
    assert.equal((parse('normal', '--url', 'http://127.0.0.1:9/') as { url: string }).url, 'http://127.0.0.1:9');
  });

  test('the API token comes from --token, else BENGKEL_TOKEN; the metrics token from --metrics-token, else METRICS_TOKEN', () => {
    const env = { BENGKEL_TOKEN: 'bk_from-env', METRICS_TOKEN: 'metrics-from-env' };
    assert.deepEqual(pick(parseOptions(['normal'], env)), { token: 'bk_from-env', metricsToken: 'metrics-from-env' });
    assert.deepEqual(pick(parseOptions(['normal', '--token', 'bk_given', '--metrics-token', 'm-given'], env)), { token: 'bk_given', metricsToken: 'm-given' });
    assert.deepEqual(pick(parseOptions(['normal'], {})), { token: undefined, metricsToken: undefined });
    rejects(['normal', '--token', 'bk_a b'], /--token must be one token without spaces/);
  });

  test('--help wins over everything else', () => {
    assert.equal(parse('--help'), 'help');
    assert.equal(parse('high', '-h'), 'help');
  });

  test('bad input is refused with a message naming the option', () => {
    rejects([], /name a scenario: normal, high, high-same-email, stress, spike, soak/);
    rejects(['normal', 'high'], /one scenario at a time/);
    rejects(['burst'], /unknown scenario "burst"/);
    rejects(['normal', '--bogus'], /Unknown option '--bogus'/);
    rejects(['high', '--users', '0'], /--users must be a whole number above 0, got "0"/);
    rejects(['high', '--users', '2.5'], /--users must be a whole number/);
    rejects(['normal', '--rate', 'fast'], /--rate must be a number above 0/);
    rejects(['soak', '--duration', '10 minutes'], /--duration must be a time of at least 1s/);
    rejects(['normal', '--url', 'ftp://x'], /--url must be an http\(s\) URL/);
    rejects(['normal', '--url', 'not a url'], /--url must be an http\(s\) URL/);
    rejects(['normal', '--max-error-rate', '5'], /--max-error-rate must be a ratio from 0 to 1/);
    rejects(['stress', '--mix', 'DELETE /api/customers/1:1'], /--mix entries look like/);
    rejects(['stress', '--mix', 'POST /api/vehicles:1'], /--mix can POST only to \/api\/customers/);
  });

  test('options that do not apply to the scenario are refused rather than ignored', () => {
    rejects(['high', '--requests', '10'], /--requests does not apply to high/);
    rejects(['normal', '--iterations', '10'], /--iterations does not apply to normal/);
    rejects(['soak', '--spike-users', '10'], /--spike-users does not apply to soak/);
    rejects(['normal', '--duration', '10s'], /--duration does not apply to normal/);
  });

  test('durations read s, m, h and ms', () => {
    assert.equal(parseDuration('45'), 45);
    assert.equal(parseDuration('30s'), 30);
    assert.equal(parseDuration('5m'), 300);
    assert.equal(parseDuration('1.5h'), 5400);
    assert.equal(parseDuration('1500ms'), 1.5);
  });

  test('a mix reads method, path and weight (1 when left out)', () => {
    assert.deepEqual(parseMix('GET /api/vehicles:3, POST /api/customers, GET /api/services?status=scheduled:2'), [
      { method: 'GET', path: '/api/vehicles', weight: 3 },
      { method: 'POST', path: '/api/customers', weight: 1 },
      { method: 'GET', path: '/api/services?status=scheduled', weight: 2 },
    ]);
  });
});
