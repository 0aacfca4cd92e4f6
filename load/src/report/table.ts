// The results table: each figure as the client saw it and as the server saw it, with the
// Grafana panel (dashboard "Bengkel — service health") that shows the same figure.

import type { StageReport } from './model.ts';
import { pct } from './model.ts';

export interface Row {
  figure: string;
  client: string;
  server: string;
  panel: string;
}

function drift(stage: StageReport): Row[] {
  const latency = latencyDrift(stage);
  if (!latency) return [];
  const memory = stage.server?.memoryStart === undefined ? '—' : `memory ${mb(stage.server.memoryStart)} → ${mb(stage.server.memoryEnd)}`;
  return [{ figure: 'Drift: first → last fifth of the run', client: `p95 ${ms(latency[0])} → ${ms(latency[1])}`, server: memory, panel: 'Response time p50 / p95 / p99, Backend memory' }];
}

const ms = (value: number | undefined) => (value === undefined ? '—' : `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`);
const mb = (bytes: number | undefined) => (bytes === undefined ? '—' : `${(bytes / 1024 / 1024).toFixed(0)} MB`);
const core = (share: number | undefined) => (share === undefined ? '—' : `${(share * 100).toFixed(0)} %`);
const codes = (byCode: Record<string, number> | undefined) =>
  byCode && Object.keys(byCode).length ? Object.entries(byCode).sort().map(([code, n]) => `${code}: ${Math.round(n)}`).join(', ') : '—';
const sumClass = (byCode: Record<string, number> | undefined, klass: string) =>
  byCode ? Object.entries(byCode).filter(([code]) => code.startsWith(klass)).reduce((sum, [, n]) => sum + n, 0) : undefined;

/** The median of the per-second p95s over the first and the last fifth of a run of 10 s or more. */
export function latencyDrift(stage: StageReport): [number, number] | undefined {
  const seconds = stage.timeline.filter((s) => s.requests > 0);
  if (seconds.length < 10) return undefined;
  const fifth = Math.floor(seconds.length / 5);
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  return [median(seconds.slice(0, fifth).map((s) => s.p95)), median(seconds.slice(-fifth).map((s) => s.p95))];
}

export function rows(stage: StageReport): Row[] {
  const c = stage.client;
  const s = stage.server;
  const serverShare = (klass: string) => {
    const n = sumClass(s?.statusCodes, klass);
    return n === undefined || !s?.requests ? '—' : `${pct(n / s.requests)} (${Math.round(n)})`;
  };
  return [
    { figure: 'Requests', client: `${c.requests} in ${c.seconds.toFixed(1)} s`, server: s?.requests === undefined ? '—' : String(Math.round(s.requests)), panel: 'Requests per second' },
    { figure: 'Requests per second (mean / peak second)', client: `${c.meanRps.toFixed(1)} / ${c.peakRps}`, server: '—', panel: 'Requests per second' },
    { figure: 'Response time p50 / p95 / p99', client: `${ms(c.p50)} / ${ms(c.p95)} / ${ms(c.p99)}`, server: s?.p95 === undefined ? '—' : `p95 ${ms(s.p95)}`, panel: 'Response time p50 / p95 / p99' },
    { figure: '4xx error rate', client: `${pct(stage.rate4xx)} (${c.s4xx})`, server: serverShare('4'), panel: 'Error rate (4xx and 5xx)' },
    { figure: '5xx error rate', client: `${pct(c.requests ? c.s5xx / c.requests : 0)} (${c.s5xx})`, server: serverShare('5'), panel: 'Error rate (4xx and 5xx), 5xx error rate' },
    { figure: 'Answers by status code', client: codes(c.statusCodes), server: codes(s?.statusCodes), panel: 'Error rate (4xx and 5xx)' },
    { figure: 'No answer (connection errors, timeouts)', client: String(c.errors), server: '—', panel: '—' },
    { figure: 'Backend CPU (mean / peak, share of a core)', client: '—', server: `${core(s?.cpuMean)} / ${core(s?.cpuPeak)}`, panel: 'Backend CPU' },
    { figure: 'Backend memory (end / peak, resident)', client: '—', server: `${mb(s?.memoryEnd)} / ${mb(s?.memoryPeak)}`, panel: 'Backend memory' },
    { figure: 'Database time (mean / p95)', client: '—', server: `${ms(s?.dbMean)} / ${ms(s?.dbP95)}`, panel: 'Database query time by operation' },
    { figure: 'Cache hit ratio', client: '—', server: s?.cacheHitRatio === undefined ? '—' : pct(s.cacheHitRatio), panel: 'Cache hit ratio' },
    { figure: 'Pool waiters at peak', client: '—', server: s?.poolWaitersPeak === undefined ? '—' : String(s.poolWaitersPeak), panel: 'Requests waiting for a connection' },
    { figure: 'Event-loop lag p99 at peak', client: '—', server: ms(s?.eventLoopLagPeak), panel: 'Event-loop lag' },
    ...drift(stage),
  ];
}
