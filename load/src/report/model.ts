// A run as the reports show it: each stage's client and server figures, the thresholds and
// whether they held, and the verdict that decides the exit code.

import type { Options } from '../options.ts';
import type { ClientFigures, Second, StageRun } from '../runner.ts';
import type { Scenario } from '../scenarios/index.ts';
import type { ServerFigures } from '../server/figures.ts';

export interface Check {
  name: string;
  limit: string;
  value: string;
  passed: boolean;
}

export interface StageReport {
  label: string;
  users: number;
  rate?: number;
  startedAt: string;
  endedAt: string;
  client: ClientFigures;
  server?: ServerFigures;
  serverError?: string;
  errorRate: number;
  rate4xx: number;
  checks: Check[];
  withinTargets: boolean;
  timeline: Second[];
}

export interface RunReport {
  scenario: string;
  summary: string;
  command: string;
  url: string;
  startedAt: string;
  endedAt: string;
  interrupted: boolean;
  thresholds: { maxP95Ms: number; maxErrorRate: number; max4xxRate?: number };
  stages: StageReport[];
  verdict: { passed: boolean; judged: string; knee?: { label: string; users: number; meanRps: number; p95: number } };
}

/** 5xx and requests that got no answer, over all attempts. */
export const errorRate = (c: ClientFigures) => (c.requests + c.errors ? (c.s5xx + c.errors) / (c.requests + c.errors) : 0);
export const rate4xx = (c: ClientFigures) => (c.requests ? c.s4xx / c.requests : 0);

export function checkStage(run: StageRun, options: Options): Pick<StageReport, 'errorRate' | 'rate4xx' | 'checks' | 'withinTargets'> {
  const c = run.client;
  const checks: Check[] = [
    { name: 'p95 response time', limit: `≤ ${options.maxP95Ms} ms`, value: `${c.p95.toFixed(1)} ms`, passed: c.requests > 0 && c.p95 <= options.maxP95Ms },
    { name: 'error rate (5xx + no answer)', limit: `≤ ${pct(options.maxErrorRate)}`, value: pct(errorRate(c)), passed: errorRate(c) <= options.maxErrorRate },
  ];
  if (options.max4xxRate !== undefined) {
    checks.push({ name: '4xx rate', limit: `≤ ${pct(options.max4xxRate)}`, value: pct(rate4xx(c)), passed: rate4xx(c) <= options.max4xxRate });
  }
  return { errorRate: errorRate(c), rate4xx: rate4xx(c), checks, withinTargets: checks.every((check) => check.passed) };
}

export function verdict(stages: StageReport[], judge: Scenario['judge']): RunReport['verdict'] {
  if (stages.length === 0) return { passed: false, judged: 'no stage ran' };
  if (judge === 'knee') {
    const held = stages.filter((s) => s.withinTargets);
    const knee = held.at(-1);
    return {
      passed: Boolean(knee),
      judged: knee ? `the most users held within the thresholds: ${knee.users}` : 'no stage held within the thresholds',
      ...(knee ? { knee: { label: knee.label, users: knee.users, meanRps: knee.client.meanRps, p95: knee.client.p95 } } : {}),
    };
  }
  if (judge === 'last') return { passed: stages.at(-1)!.withinTargets, judged: `the last stage (${stages.at(-1)!.label})` };
  return { passed: stages.every((s) => s.withinTargets), judged: stages.length > 1 ? 'every stage' : 'the run' };
}

export const pct = (ratio: number) => `${(ratio * 100).toFixed(ratio > 0 && ratio < 0.001 ? 3 : ratio < 0.1 ? 2 : 1)} %`;
