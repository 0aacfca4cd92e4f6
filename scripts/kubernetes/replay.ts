// The autoscaler on recorded metrics (docs/kubernetes.md): the HPA of
// components/autoscaling-cpu, as scripts/kubernetes/autoscaler.ts computes it, synced every 15 s
// through a workshop's rush hour: the `spike` scenario's shape as an offered request rate (300
// requests per second, ten times that for ten minutes, 300 again). At each sync the pods' CPU,
// the requests served and the p95 are the ones recorded (scripts/kubernetes/record.ts) with that
// many API processes at that offered rate — measurements of our API, interpolated between the
// recorded rates, never invented. `npm run kubernetes:replay` prints the tables (the replay and
// a capacity plan) and writes docs/kubernetes/autoscaler.svg.

import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { Autoscaler, type AutoscalerSpec } from './autoscaler.ts';

export interface RecordedStage {
  processes: number;
  scenario: 'stress' | 'spike' | 'rate';
  stage: string;
  /** The rate ladder's offered requests per second in all. */
  offeredRate?: number;
  users: number;
  seconds: number;
  requestsPerSecond: number;
  p95Ms: number;
  errors: number;
  /** Cores used by each API process over the stage. */
  cpuPerProcess: number[];
  /** Cores used by every PostgreSQL process over the stage. */
  postgresCpu: number;
}

export interface Recording {
  recordedAt: string;
  machine: string;
  command: string;
  secondsPerStage: number;
  stages: RecordedStage[];
}

export interface Moment {
  minute: number;
  /** Requests per second offered in all. */
  rate: number;
  replicas: number;
  /** Mean CPU per pod, as a percentage of its request (the HPA's utilization). */
  utilization: number;
  requestsPerSecond: number;
  p95Ms: number;
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const RECORDING = `${ROOT}docs/kubernetes/recorded.json`;
export const CHART = `${ROOT}docs/kubernetes/autoscaler.svg`;
const SYNC_SECONDS = 15;

/** The rush hour: the spike scenario's shape (quiet, ten times that, quiet) over 40 minutes. */
export const QUIET_RATE = 300;
export const RUSH_RATE = 3000;
export function rateAt(minute: number): number {
  return minute >= 5 && minute < 15 ? RUSH_RATE : QUIET_RATE;
}

/** The API's CPU request and the HPA, as the manifests give them. */
export function manifests(): { requestCores: number; spec: AutoscalerSpec } {
  const api = readFileSync(`${ROOT}deploy/kubernetes/base/api.yaml`, 'utf8');
  const request = /requests:\s*\n\s*cpu: (\d+)m/.exec(api);
  if (!request) throw new Error('no CPU request in base/api.yaml');
  const hpa = parse(readFileSync(`${ROOT}deploy/kubernetes/components/autoscaling-cpu/hpa.yaml`, 'utf8')) as {
    spec: { minReplicas: number; maxReplicas: number; metrics: Array<{ resource: { target: { averageUtilization: number } } }>; behavior: AutoscalerSpec['behavior'] };
  };
  return {
    requestCores: Number(request[1]) / 1000,
    spec: {
      minReplicas: hpa.spec.minReplicas,
      maxReplicas: hpa.spec.maxReplicas,
      target: { type: 'Utilization', averageUtilization: hpa.spec.metrics[0]!.resource.target.averageUtilization },
      behavior: hpa.spec.behavior,
    },
  };
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

export interface Measured {
  cpuPerPod: number;
  requestsPerSecond: number;
  p95Ms: number;
  postgresCpu: number;
}

/**
 * What `processes` API processes did when offered `rate` requests per second in all: the rate
 * ladder, interpolated in log(rate); below its lowest rate, CPU in proportion to the rate.
 */
export function measured(recording: Recording, processes: number, rate: number): Measured {
  const ladder = recording.stages.filter((s) => s.processes === processes && s.scenario === 'rate').sort((a, b) => a.offeredRate! - b.offeredRate!);
  if (ladder.length === 0) throw new Error(`no rate ladder recorded for ${processes} processes`);
  const point = (s: RecordedStage): Measured => ({ cpuPerPod: mean(s.cpuPerProcess), requestsPerSecond: s.requestsPerSecond, p95Ms: s.p95Ms, postgresCpu: s.postgresCpu });
  const exact = ladder.find((s) => s.offeredRate === rate);
  if (exact) return point(exact);
  const lowest = ladder[0]!;
  if (rate < lowest.offeredRate!) {
    const share = rate / lowest.offeredRate!;
    const at = point(lowest);
    return { cpuPerPod: at.cpuPerPod * share, requestsPerSecond: rate, p95Ms: at.p95Ms, postgresCpu: at.postgresCpu * share };
  }
  if (rate >= ladder.at(-1)!.offeredRate!) return point(ladder.at(-1)!);
  const upper = ladder.findIndex((s) => s.offeredRate! >= rate);
  const [a, b] = [point(ladder[upper - 1]!), point(ladder[upper]!)];
  const [ra, rb] = [ladder[upper - 1]!.offeredRate!, ladder[upper]!.offeredRate!];
  const f = (Math.log(rate) - Math.log(ra)) / (Math.log(rb) - Math.log(ra));
  const mix = (x: number, y: number) => x + (y - x) * f;
  // Served as the share of the offered rate each neighbour served.
  const served = rate * mix(a.requestsPerSecond / ra, b.requestsPerSecond / rb);
  return { cpuPerPod: mix(a.cpuPerPod, b.cpuPerPod), requestsPerSecond: served, p95Ms: mix(a.p95Ms, b.p95Ms), postgresCpu: mix(a.postgresCpu, b.postgresCpu) };
}

/** The replay: replicas start at minReplicas; the HPA may not go past the processes recorded. */
export function replay(recording: Recording, minutes = 40): { moments: Moment[]; maxRecorded: number; spec: AutoscalerSpec; requestCores: number } {
  const { requestCores, spec } = manifests();
  const maxRecorded = Math.max(...recording.stages.map((s) => s.processes));
  const bounded = { ...spec, maxReplicas: Math.min(spec.maxReplicas, maxRecorded) };
  const autoscaler = new Autoscaler(bounded);
  let replicas = bounded.minReplicas;
  const moments: Moment[] = [];
  for (let t = 0; t <= minutes * 60; t += SYNC_SECONDS) {
    const rate = rateAt(t / 60);
    const now = measured(recording, replicas, rate);
    const utilization = (now.cpuPerPod / requestCores) * 100;
    moments.push({ minute: t / 60, rate, replicas, utilization, requestsPerSecond: now.requestsPerSecond, p95Ms: now.p95Ms });
    replicas = autoscaler.sync(t, replicas, { utilization });
  }
  return { moments, maxRecorded, spec: bounded, requestCores };
}

/**
 * Pods and database for a load: one pod serves, at the HPA's target CPU, the requests per core one
 * process served on its rate ladder (where it kept up with the offered rate); PostgreSQL's cores are its measured CPU per request at the
 * ladder's top, with the same 60 % headroom.
 */
export function capacityPlanBasis(recording: Recording): { perCore: number; perCoreAlone: number; perPod: number; postgresPer1000: number } {
  const { requestCores, spec } = manifests();
  const target = spec.target.type === 'Utilization' ? (spec.target.averageUtilization / 100) * requestCores : requestCores;
  // For each process count: requests per second per core of one process at the highest rate they
  // kept up with. One process alone on the machine is the optimistic bound; the plan takes the
  // lowest, with processes sharing cores as pods share nodes.
  const byCount = [...new Set(recording.stages.map((s) => s.processes))].map((processes) => {
    const ladder = recording.stages.filter((s) => s.processes === processes && s.scenario === 'rate').sort((a, b) => a.offeredRate! - b.offeredRate!);
    const kept = ladder.filter((s) => s.requestsPerSecond >= 0.95 * s.offeredRate!).at(-1)!;
    return { processes, kept, perCore: kept.requestsPerSecond / processes / mean(kept.cpuPerProcess) };
  });
  const perCore = Math.min(...byCount.map((c) => c.perCore));
  const alone = byCount.find((c) => c.processes === 1)!;
  return {
    perCore,
    perCoreAlone: alone.perCore,
    perPod: perCore * target,
    postgresPer1000: (alone.kept.postgresCpu / alone.kept.requestsPerSecond) * 1000,
  };
}

export function capacityPlan(recording: Recording, rates: number[]): Array<{ rate: number; pods: number; postgresCores: number; clientConnections: number }> {
  const { spec } = manifests();
  const { perPod, postgresPer1000 } = capacityPlanBasis(recording);
  const postgresPerRequest = postgresPer1000 / 1000;
  return rates.map((rate) => {
    const pods = Math.max(spec.minReplicas, Math.ceil(rate / perPod));
    return { rate, pods, postgresCores: Math.max(0.5, Math.ceil(((rate * postgresPerRequest) / 0.6) * 2) / 2), clientConnections: pods * 8 };
  });
}

/** Three stacked panels over time: replicas, CPU per pod against the target, p95. */
export function chart(moments: Moment[], target: number): string {
  const width = 760;
  const panel = 150;
  const left = 60;
  const plotWidth = width - left - 20;
  const minutes = moments.at(-1)!.minute;
  const x = (minute: number) => left + (minute / minutes) * plotWidth;
  const parts: string[] = [];
  const series = (top: number, max: number, value: (m: Moment) => number, color: string, title: string, unit: string, line?: number) => {
    const y = (v: number) => top + panel - (Math.min(v, max) / max) * (panel - 20);
    parts.push(`<text x="${left}" y="${top + 12}" class="title">${title}</text>`);
    parts.push(`<line x1="${left}" y1="${top + panel}" x2="${left + plotWidth}" y2="${top + panel}" class="axis"/>`);
    for (const tick of [0, max / 2, max]) parts.push(`<text x="${left - 6}" y="${y(tick) + 4}" class="tick" text-anchor="end">${Math.round(tick)}${unit}</text>`);
    if (line !== undefined) parts.push(`<line x1="${left}" y1="${y(line)}" x2="${left + plotWidth}" y2="${y(line)}" class="target"/>`);
    const points = moments.map((m, i) => `${i === 0 ? 'M' : 'L'}${x(m.minute).toFixed(1)},${y(value(m)).toFixed(1)}`).join(' ');
    parts.push(`<path d="${points}" fill="none" stroke="${color}" stroke-width="2"/>`);
  };
  const rush = `<rect x="${x(5)}" y="10" width="${x(15) - x(5)}" height="${3 * (panel + 30) - 10}" class="rush"/>`;
  parts.push(rush);
  series(10, Math.max(...moments.map((m) => m.replicas)) + 1, (m) => m.replicas, '#1f77b4', 'Replicas', '');
  series(10 + panel + 30, Math.max(200, ...moments.map((m) => m.utilization)), (m) => m.utilization, '#d62728', `CPU per pod, % of its request (target ${target} %)`, '%', target);
  series(10 + 2 * (panel + 30), Math.max(...moments.map((m) => m.p95Ms)) * 1.1, (m) => m.p95Ms, '#2ca02c', 'p95 latency (client)', ' ms');
  const bottom = 10 + 3 * (panel + 30);
  for (let minute = 0; minute <= minutes; minute += 5) parts.push(`<text x="${x(minute)}" y="${bottom}" class="tick" text-anchor="middle">${minute} min</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${bottom + 30}" viewBox="0 0 ${width} ${bottom + 30}" font-family="sans-serif">
<style>.title{font-size:13px;font-weight:bold}.tick{font-size:11px;fill:#555}.axis{stroke:#999}.target{stroke:#d62728;stroke-dasharray:4 3;opacity:.6}.rush{fill:#ffbf00;opacity:.12}</style>
<text x="${left}" y="${bottom + 22}" class="tick">Simulated autoscaler on recorded metrics: the shaded rush offers ${RUSH_RATE} requests per second, else ${QUIET_RATE} (docs/kubernetes.md)</text>
${parts.join('\n')}
</svg>
`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const recording = JSON.parse(readFileSync(RECORDING, 'utf8')) as Recording;
  const { moments, maxRecorded, spec } = replay(recording);
  const target = spec.target.type === 'Utilization' ? spec.target.averageUtilization : 0;
  writeFileSync(CHART, chart(moments, target));
  console.log(`Recorded ${recording.recordedAt} on ${recording.machine}; replicas bounded by the ${maxRecorded} processes recorded.\n`);
  console.log('| minute | offered req/s | replicas | CPU per pod (% of request) | served req/s | p95 ms |\n| --- | --- | --- | --- | --- | --- |');
  for (const m of moments.filter((moment, i) => i % 20 === 0 || moments[i - 1]?.replicas !== moment.replicas || moments[i - 1]?.rate !== moment.rate)) {
    console.log(`| ${m.minute} | ${m.rate} | ${m.replicas} | ${Math.round(m.utilization)} | ${Math.round(m.requestsPerSecond)} | ${m.p95Ms.toFixed(1)} |`);
  }
  console.log('\n| load | API pods | PostgreSQL cores (primary) | client connections to the write pooler (pods × DB_POOL_MAX) |\n| --- | --- | --- | --- |');
  for (const row of capacityPlan(recording, [10, 100, 1000, 10000])) console.log(`| ${row.rate} req/s | ${row.pods} | ${row.postgresCores} | ${row.clientConnections} |`);
  const plan = capacityPlanBasis(recording);
  console.log(`\nper core: ${Math.round(plan.perCore)} req/s (one process alone: ${Math.round(plan.perCoreAlone)}); a pod at the target: ${Math.round(plan.perPod)} req/s; PostgreSQL: ${plan.postgresPer1000.toFixed(2)} cores per 1 000 req/s`);
  console.log(`\nwrote ${CHART}`);
}
