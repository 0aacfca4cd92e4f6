// Runs one stage with autocannon and keeps what the client saw: every response's latency in an
// HDR histogram (autocannon's own summary has no p95), answers per status code, connection
// errors, and a per-second timeline (requests, status classes, p50/p95/p99) for the charts.

import autocannon from 'autocannon';
import * as hdr from 'hdr-histogram-js';
import type { StagePlan } from './scenarios/index.ts';

/** Latencies are recorded in microseconds, 1 µs … 2 min, 3 significant digits. */
const newHistogram = () => hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 120_000_000, numberOfSignificantValueDigits: 3 });

export interface Second {
  /** Seconds since the stage started. */
  t: number;
  requests: number;
  s2xx: number;
  s3xx: number;
  s4xx: number;
  s5xx: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
}

export interface ClientFigures {
  requests: number;
  seconds: number;
  meanRps: number;
  peakRps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  statusCodes: Record<string, number>;
  s4xx: number;
  s5xx: number;
  /** Connection errors and timeouts: requests that got no HTTP answer. */
  errors: number;
}

export interface StageRun {
  plan: StagePlan;
  startedAt: Date;
  endedAt: Date;
  client: ClientFigures;
  timeline: Second[];
  interrupted: boolean;
}

export interface Live {
  elapsed: number;
  /** Estimated seconds left in the stage, when known. */
  remaining: number | undefined;
  lastSecond: Second | undefined;
  totals: { requests: number; s4xx: number; s5xx: number; errors: number };
  p95: number;
}

export interface RunningStage {
  done: Promise<StageRun>;
  stop(): void;
}

const toMs = (micros: number) => micros / 1000;

export function runStage(baseUrl: string, plan: StagePlan, onSecond?: (live: Live) => void, token?: string): RunningStage {
  const auth = token ? { authorization: `Bearer ${token}` } : {};
  const whole = newHistogram();
  const current = newHistogram();
  const timeline: Second[] = [];
  const statusCodes: Record<string, number> = {};
  const totals = { requests: 0, s4xx: 0, s5xx: 0, errors: 0 };
  let slot = emptySecond(0);
  const startedAt = new Date();
  let interrupted = false;

  const closeSecond = () => {
    const second = { ...slot, p50: 0, p95: 0, p99: 0 };
    if (current.totalCount > 0) {
      second.p50 = toMs(current.getValueAtPercentile(50));
      second.p95 = toMs(current.getValueAtPercentile(95));
      second.p99 = toMs(current.getValueAtPercentile(99));
    }
    timeline.push(second);
    current.reset();
    slot = emptySecond(slot.t + 1);
    const elapsed = timeline.length;
    const rate = second.requests || totals.requests / elapsed;
    const remaining = plan.amount ? (rate > 0 ? (plan.amount - totals.requests) / rate : undefined) : Math.max(0, (plan.durationSeconds ?? 0) - elapsed);
    onSecond?.({ elapsed, remaining, lastSecond: second, totals: { ...totals }, p95: toMs(whole.totalCount ? whole.getValueAtPercentile(95) : 0) });
  };
  const ticker = setInterval(closeSecond, 1000);

  let finish: (error: Error | null) => void = () => {};
  const instance = autocannon({
    url: baseUrl,
    connections: plan.users,
    ...(plan.amount ? { amount: plan.amount } : { duration: plan.durationSeconds ?? 10 }),
    ...(plan.rate ? { overallRate: plan.rate } : {}),
    timeout: 30,
    requests: plan.requests.map((spec) => ({
      method: spec.method,
      path: spec.path,
      headers: { ...auth, ...(spec.body ? { 'content-type': 'application/json' } : {}) },
      ...(spec.body || spec.pathFor
        ? {
            setupRequest: (request: autocannon.Request) => ({
              ...request,
              ...(spec.pathFor ? { path: spec.pathFor() } : {}),
              ...(spec.body ? { body: JSON.stringify(spec.body()) } : {}),
            }),
          }
        : {}),
    })),
  }, (error) => finish(error));

  instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    const micros = Math.max(1, Math.round(responseTime * 1000));
    whole.recordValue(micros);
    current.recordValue(micros);
    statusCodes[statusCode] = (statusCodes[statusCode] ?? 0) + 1;
    slot.requests++;
    totals.requests++;
    const klass = Math.floor(statusCode / 100);
    if (klass === 2) slot.s2xx++;
    else if (klass === 3) slot.s3xx++;
    else if (klass === 4) {
      slot.s4xx++;
      totals.s4xx++;
    } else if (klass === 5) {
      slot.s5xx++;
      totals.s5xx++;
    }
  });
  instance.on('reqError', () => {
    slot.errors++;
    totals.errors++;
  });

  const done = new Promise<StageRun>((resolve, reject) => {
    finish = (error) => {
      clearInterval(ticker);
      if (error) return reject(error);
      if (slot.requests > 0 || slot.errors > 0) closeSecond();
      const endedAt = new Date();
      const seconds = Math.max(0.001, (endedAt.getTime() - startedAt.getTime()) / 1000);
      const requests = whole.totalCount;
      const full = timeline.slice(0, Math.floor(seconds));
      resolve({
        plan,
        startedAt,
        endedAt,
        interrupted,
        timeline,
        client: {
          requests,
          seconds,
          meanRps: requests / seconds,
          peakRps: Math.max(0, ...(full.length ? full : timeline).map((s) => s.requests)),
          p50: requests ? toMs(whole.getValueAtPercentile(50)) : 0,
          p95: requests ? toMs(whole.getValueAtPercentile(95)) : 0,
          p99: requests ? toMs(whole.getValueAtPercentile(99)) : 0,
          max: requests ? toMs(whole.maxValue) : 0,
          statusCodes,
          s4xx: totals.s4xx,
          s5xx: totals.s5xx,
          errors: totals.errors,
        },
      });
      whole.destroy();
      current.destroy();
    };
  });

  return {
    done,
    stop() {
      interrupted = true;
      instance.stop();
    },
  };
}

function emptySecond(t: number): Second {
  return { t, requests: 0, s2xx: 0, s3xx: 0, s4xx: 0, s5xx: 0, errors: 0, p50: 0, p95: 0, p99: 0 };
}
