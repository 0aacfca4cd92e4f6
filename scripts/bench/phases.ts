// Where a benchmark run's time went. The client's latency includes everything between the load
// generator and the answer; the API's own metrics say how long it spent on a request once it had
// read it (server p99), how much of that was the database (pool wait included), and how late its
// event loop ran. CPU is counted per party — the API, PostgreSQL's processes, Redis, the load generator
// (this process) — over the run, as a share of the machine's cores, so a tail made by the parties
// fighting for two cores can be told from one made inside the API.

import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { MetricsSampler, type ServerFigures } from '../../load/src/server/figures.ts';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/**
 * CPU seconds (user + system) a process has used, or 0 when it is gone; with `reaped`, also its
 * children that have ended (PostgreSQL's backends that closed during a run count in the server's).
 */
function processCpu(pid: number, reaped = false): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    const own = Number(fields[11]) + Number(fields[12]);
    return (reaped ? own + Number(fields[13]) + Number(fields[14]) : own) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** CPU seconds used by every process of a program on the machine (PostgreSQL: the server and its backends). */
function programCpu(command: string): number {
  let seconds = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === command) seconds += processCpu(Number(entry), true);
    } catch {
      // the process ended while we looked
    }
  }
  return seconds;
}

/** CPU seconds used so far by these processes, or by every process of a program (`postgres`). */
export function cpuSeconds(which: number[] | string): number {
  return typeof which === 'string' ? programCpu(which) : which.reduce((sum, pid) => sum + processCpu(pid), 0);
}

function selfCpu(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

export interface Phases {
  server: ServerFigures;
  /** CPU used during the run, as a share of the whole machine (1 = every core busy). */
  cpu: { api: number; postgres: number; redis: number; loadGenerator: number };
}

/** Starts counting before a run; `stop` after it returns what the run cost and where. */
export async function probePhases(apiUrl: string, apiPid: number): Promise<{ stop(): Promise<Phases> }> {
  const sampler = new MetricsSampler(apiUrl);
  await sampler.start();
  const started = performance.now();
  const before = { api: processCpu(apiPid), postgres: programCpu('postgres'), redis: programCpu('redis-server'), loadGenerator: selfCpu() };
  return {
    async stop() {
      const elapsed = (performance.now() - started) / 1000;
      const capacity = elapsed * cpus().length;
      const cpu = {
        api: (processCpu(apiPid) - before.api) / capacity,
        postgres: (programCpu('postgres') - before.postgres) / capacity,
        redis: (programCpu('redis-server') - before.redis) / capacity,
        loadGenerator: (selfCpu() - before.loadGenerator) / capacity,
      };
      return { server: await sampler.stop(), cpu };
    },
  };
}
