import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buckets, parseExposition, quantileBetween, total } from '../src/server/exposition.ts';
import { figuresFromScrapes } from '../src/server/figures.ts';

const TEXT = `# HELP http_requests_total x
# TYPE http_requests_total counter
http_requests_total{method="GET",route="/api/customers",status_code="200"} 10
http_requests_total{method="POST",route="/api/customers",status_code="409"} 4
http_requests_total{method="GET",route="/metrics",status_code="200"} 7
# TYPE q_seconds histogram
q_seconds_bucket{operation="select",le="0.01"} 50
q_seconds_bucket{operation="select",le="0.025"} 100
q_seconds_bucket{operation="select",le="+Inf"} 100
q_seconds_sum{operation="select"} 1.2
q_seconds_count{operation="select"} 100
weird{path="a \\"quoted\\" \\\\ value"} 1.5e3
`;

describe('the Prometheus text format', () => {
  const samples = parseExposition(TEXT);

  test('reads every sample with its labels, escapes included', () => {
    assert.equal(samples.length, 9);
    assert.deepEqual(samples.at(-1), { name: 'weird', labels: { path: 'a "quoted" \\ value' }, value: 1500 });
  });

  test('sums the series that match', () => {
    assert.equal(total(samples, 'http_requests_total'), 21);
    assert.equal(total(samples, 'http_requests_total', { route: /^(?!\/metrics$)/ }), 14);
    assert.equal(total(samples, 'http_requests_total', { status_code: '409' }), 4);
    assert.equal(total(samples, 'absent'), undefined);
  });

  test('interpolates a quantile within the bucket, as histogram_quantile does', () => {
    const after = buckets(samples, 'q_seconds');
    // 95th of 100 observations: in (0.01, 0.025], 45 of its 50 → 0.01 + 0.015 × 45/50.
    assert.equal(quantileBetween(0.95, new Map(), after)!.toFixed(4), '0.0235');
    assert.equal(quantileBetween(0.5, new Map(), after), 0.01);
    const before = new Map([[0.01, 50], [0.025, 50], [Infinity, 50]]);
    assert.equal(quantileBetween(0.5, before, after)!.toFixed(4), '0.0175');
    assert.equal(quantileBetween(0.5, after, after), undefined);
  });
});

describe('what the server saw, from two scrapes', () => {
  const scrape = (at: number, hits: number, misses: number, errors: number) => ({
    at,
    samples: parseExposition(
      [
        `cache_requests_total{cache="list",result="hit"} ${hits}`,
        `cache_requests_total{cache="list",result="miss"} ${misses}`,
        `cache_requests_total{cache="stats",result="error"} ${errors}`,
      ].join('\n'),
    ),
  });

  test('the cache hit ratio counts only the look-ups made during the run, errors among them', () => {
    const figures = figuresFromScrapes([scrape(0, 100, 50, 0), scrape(10_000, 190, 55, 5)]);
    assert.equal(figures.cacheHitRatio, 90 / 100);
  });

  test('no cache look-up during the run (no REDIS_URL) gives no hit ratio rather than 0', () => {
    assert.equal(figuresFromScrapes([scrape(0, 0, 0, 0), scrape(1_000, 0, 0, 0)]).cacheHitRatio, undefined);
  });
});
