// The named scenarios. Each turns the options into stages — users, how many requests or how
// long, at what rate, which requests — and says which stages the thresholds judge. `stress` is
// adaptive: its next stage depends on how the last one went.

import type { Options } from '../options.ts';
import { UsageError } from '../usage.ts';
import { DEFAULT_MIX, get, postCustomer, sequenceFor, STRESS_TEST_USER, type RequestSpec } from './requests.ts';

export interface StagePlan {
  label: string;
  users: number;
  /** Total requests for the stage; otherwise it runs for durationSeconds. */
  amount?: number;
  durationSeconds?: number;
  /** Requests per second across all users. */
  rate?: number;
  requests: RequestSpec[];
}

/** What a finished stage tells the planner (stress). */
export interface StageOutcome {
  plan: StagePlan;
  withinTargets: boolean;
}

export interface Scenario {
  summary: string;
  /** Rejects options that do not apply, so a typo does not silently do nothing. */
  check?(options: Options): void;
  /** The next stage given the stages run so far, or undefined when done. */
  next(options: Options, done: StageOutcome[]): StagePlan | undefined;
  /** Which stage outcomes the thresholds judge: all (default), the last, or the knee (stress). */
  judge?: 'all' | 'last' | 'knee';
}

function only(scenario: string, allowed: Array<keyof Options>) {
  const settable: Array<keyof Options> = ['users', 'requests', 'iterations', 'durationSeconds', 'rate', 'mix', 'step', 'spikeUsers'];
  const flag = (key: keyof Options) => `--${key === 'durationSeconds' ? 'duration' : key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  return (options: Options) => {
    for (const key of settable) {
      if (options[key] !== undefined && !allowed.includes(key)) throw new UsageError(`${flag(key)} does not apply to ${scenario}`);
    }
  };
}

const high = (body: (() => unknown) | undefined, label: string): Scenario => ({
  summary: `Each user repeats POST /api/customers (${body ? 'always the same StressTestUser body' : 'a new unique email each time'}) then GET /api/customers, with no pause (default 3 users × 500 rounds)`,
  check: only(label, ['users', 'iterations', 'rate']),
  next(options, done) {
    if (done.length) return undefined;
    const users = options.users ?? 3;
    const iterations = options.iterations ?? 500;
    return { label, users, amount: users * iterations * 2, rate: options.rate, requests: [postCustomer(body), get('/api/customers')] };
  },
});

const mixed = (options: Options) => sequenceFor(options.mix ?? DEFAULT_MIX);

export const SCENARIOS = {
  normal: {
    summary: 'GET /api/vehicles at 1 request per second, 100 requests',
    check: only('normal', ['requests', 'rate', 'users']),
    next(options, done) {
      if (done.length) return undefined;
      return { label: 'normal', users: options.users ?? 1, amount: options.requests ?? 100, rate: options.rate ?? 1, requests: [get('/api/vehicles')] };
    },
  },
  high: high(undefined, 'high'),
  'high-same-email': high(() => STRESS_TEST_USER, 'high-same-email'),
  stress: {
    summary: 'More users each stage until p95 or errors pass their thresholds; reports the knee',
    check: only('stress', ['users', 'durationSeconds', 'rate', 'mix', 'step']),
    judge: 'knee',
    next(options, done) {
      const last = done.at(-1);
      if (last && !last.withinTargets) return undefined;
      const users = last ? (options.step ? last.plan.users + options.step : last.plan.users * 2) : (options.users ?? 1);
      if (users > options.maxUsers) return undefined;
      return { label: `${users} users`, users, durationSeconds: options.durationSeconds ?? 10, rate: options.rate, requests: mixed(options) };
    },
  },
  spike: {
    summary: 'A steady load, a sudden spike, and the same steady load again',
    check: only('spike', ['users', 'spikeUsers', 'durationSeconds', 'rate', 'mix']),
    judge: 'last',
    next(options, done) {
      const base = options.users ?? 2;
      const stages = [
        { label: 'before', users: base },
        { label: 'spike', users: options.spikeUsers ?? base * 10 },
        { label: 'after', users: base },
      ];
      const stage = stages[done.length];
      return stage && { ...stage, durationSeconds: options.durationSeconds ?? 10, rate: options.rate, requests: mixed(options) };
    },
  },
  soak: {
    summary: 'A steady load for a long time: does latency or memory drift?',
    check: only('soak', ['users', 'durationSeconds', 'rate', 'mix']),
    next(options, done) {
      if (done.length) return undefined;
      return { label: 'soak', users: options.users ?? 4, durationSeconds: options.durationSeconds ?? 300, rate: options.rate, requests: mixed(options) };
    },
  },
} satisfies Record<string, Scenario>;

export type ScenarioName = keyof typeof SCENARIOS;
