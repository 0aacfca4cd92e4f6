// The requests scenarios send. A customer POST carries a new unique email each time (as a real
// sign-up would), except in the same-email scenario, which replays the original experiment.

import { randomBytes } from 'node:crypto';
import type { EndpointWeight } from '../options.ts';

export interface RequestSpec {
  method: 'GET' | 'POST';
  path: string;
  /** A fresh path for each request sent (e.g. a random id), instead of `path`. */
  pathFor?: () => string;
  /** A fresh JSON body for each request sent. */
  body?: () => unknown;
}

const run = randomBytes(3).toString('hex');
let sequence = 0;

export const newCustomer = (): unknown => {
  sequence++;
  return { name: `Load Test ${run} ${sequence}`, email: `load-${run}-${sequence}@example.test`, phone: '0812-0000-0000' };
};

/** The exact body of the original PowerShell experiment. */
export const STRESS_TEST_USER = { name: 'StressTestUser', email: 'stress@test.com' };

export const get = (path: string): RequestSpec => ({ method: 'GET', path });
export const postCustomer = (body: () => unknown = newCustomer): RequestSpec => ({ method: 'POST', path: '/api/customers', body });

/** The workshop's day: mostly reading lists, now and then a new customer. */
export const DEFAULT_MIX: EndpointWeight[] = [
  { method: 'GET', path: '/api/vehicles', weight: 3 },
  { method: 'GET', path: '/api/customers', weight: 3 },
  { method: 'GET', path: '/api/services', weight: 2 },
  { method: 'GET', path: '/api/stats', weight: 1 },
  { method: 'POST', path: '/api/customers', weight: 1 },
];

/**
 * A weighted mix as the repeating sequence each user walks through, the heavier endpoints spread
 * evenly (3:1 → A A B A, not A A A B), so every stretch of the run has the same mix.
 */
export function sequenceFor(mix: EndpointWeight[]): RequestSpec[] {
  const total = mix.reduce((sum, entry) => sum + entry.weight, 0);
  const credit = mix.map(() => 0);
  const sequence: RequestSpec[] = [];
  for (let i = 0; i < total; i++) {
    mix.forEach((entry, index) => (credit[index]! += entry.weight));
    const pick = credit.indexOf(Math.max(...credit));
    credit[pick]! -= total;
    const { method, path } = mix[pick]!;
    sequence.push(method === 'POST' ? postCustomer() : get(path));
  }
  return sequence;
}
