import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { html } from '../src/report/html.ts';
import { markdown } from '../src/report/markdown.ts';
import { verdict, type RunReport, type StageReport } from '../src/report/model.ts';
import type { Second } from '../src/runner.ts';
import { latencyDrift } from '../src/report/table.ts';

const second = (t: number, p95: number, extra: Partial<Second> = {}): Second => ({ t, requests: 10, s2xx: 10, s3xx: 0, s4xx: 0, s5xx: 0, errors: 0, p50: p95 / 2, p95, p99: p95 * 2, ...extra });

function stage(label: string, users: number, withinTargets: boolean, timeline: Second[]): StageReport {
  return {
    label, users, startedAt: '2026-11-24T10:00:00.000Z', endedAt: '2026-11-24T10:00:20.000Z',
    client: { requests: 200, seconds: 20, meanRps: 10, peakRps: 12, p50: 2, p95: 5, p99: 9, max: 20, statusCodes: { '200': 190, '409': 10 }, s4xx: 10, s5xx: 0, errors: 0 },
    server: { source: 'API /metrics, scraped every second', requests: 200, statusCodes: { '200': 190, '409': 10 }, memoryStart: 100e6, memoryEnd: 150e6, memoryPeak: 160e6 },
    errorRate: 0, rate4xx: 0.05, checks: [{ name: 'p95 response time', limit: '≤ 200 ms', value: '5.0 ms', passed: withinTargets }], withinTargets, timeline,
  };
}

const report = (stages: StageReport[]): RunReport => ({
  scenario: 'soak', summary: 'A <steady> load', command: 'npm run load -- soak', url: 'http://127.0.0.1:5000',
  startedAt: stages[0]!.startedAt, endedAt: stages[0]!.endedAt, interrupted: false, thresholds: { maxP95Ms: 200, maxErrorRate: 0.01 },
  stages, verdict: verdict(stages, 'all'),
});

describe('reports', () => {
  test('latency drift compares the first and last fifth of a run of at least 10 s', () => {
    const rising = Array.from({ length: 20 }, (_, t) => second(t, 5 + t));
    assert.deepEqual(latencyDrift(stage('soak', 4, true, rising)), [7, 23]);
    assert.equal(latencyDrift(stage('soak', 4, true, rising.slice(0, 9))), undefined);
  });

  test('the Markdown table shows drift, status codes and the verdict', () => {
    const text = markdown(report([stage('soak', 4, true, Array.from({ length: 20 }, (_, t) => second(t, 5)))]));
    assert.match(text, /\| Drift: first → last fifth of the run \| p95 5\.00 ms → 5\.00 ms \| memory 95 MB → 143 MB \|/);
    assert.match(text, /\| Answers by status code \| 200: 190, 409: 10 \| 200: 190, 409: 10 \|/);
    assert.match(text, /\*\*Verdict: PASS\*\* — judged on the run\./);
  });

  test('the verdict follows the scenario: every stage, the last, or the knee', () => {
    const stages = [stage('1 users', 1, true, []), stage('2 users', 2, true, []), stage('4 users', 4, false, [])];
    assert.equal(verdict(stages, 'all').passed, false);
    assert.equal(verdict(stages, 'last').passed, false);
    assert.deepEqual(verdict(stages, 'knee'), { passed: true, judged: 'the most users held within the thresholds: 2', knee: { label: '2 users', users: 2, meanRps: 10, p95: 5 } });
    assert.deepEqual(verdict([], 'all'), { passed: false, judged: 'no stage ran' });
  });

  test('the HTML page escapes text and draws three charts with the stages marked', () => {
    const page = html({ ...report([stage('before', 1, true, [second(0, 3)]), stage('spike', 9, true, [second(0, 30)])]), scenario: 'spike' });
    assert.match(page, /A &lt;steady&gt; load/);
    assert.equal((page.match(/<svg /g) ?? []).length, 3);
    assert.equal((page.match(/stroke-dasharray="4 3"/g) ?? []).length, 6);
  });
});
