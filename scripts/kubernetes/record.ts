// `npm run kubernetes:record`: the metrics the autoscaler replay runs on (docs/kubernetes.md),
// recorded from real load on this machine. For 1…4 API processes behind nginx (each as a pod
// would run it: compiled, on PostgreSQL, with the shared Redis cache), the load CLI's `stress`
// scenario (users doubling 1 → 64) and `spike` scenario (4 users, 40, 4 again) run with the
// default workshop mix, and then the same mix offered at fixed rates (32 users, 200 … 3 200
// requests per second in all: the load CLI's --rate), which the replay's open load reads; for
// every stage it keeps the requests per second, the client's p95, each API process's CPU and
// PostgreSQL's (from /proc). Written to docs/kubernetes/recorded.json.
//   RECORD_SECONDS (6) per stage   RECORD_PROCESSES (4)   BENCH_DATABASE_URL   BENCH_REDIS_URL

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { adminQuery, withDatabaseName } from '@bengkel/testing/database';
import { freePort, waitForHttp } from '@bengkel/testing/server';
import { runStage } from '../../load/src/runner.ts';
import { parseOptions } from '../../load/src/options.ts';
import { SCENARIOS, type StageOutcome, type StagePlan } from '../../load/src/scenarios/index.ts';
import { cpuSeconds } from '../bench/phases.ts';
import { startProxy } from '../experiments/proxy.ts';
import type { Recording, RecordedStage } from './replay.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SECONDS = Number(process.env.RECORD_SECONDS ?? 6);
const PROCESSES = Number(process.env.RECORD_PROCESSES ?? 4);
const SERVER_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const DB_NAME = 'bengkel_record';
const OUT = `${ROOT}docs/kubernetes/recorded.json`;
/** The offered rates of the ladder, requests per second in all. */
const RATES = [200, 400, 800, 1600, 3200];

async function startApi(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [`${ROOT}api/dist/server.js`], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/api/ready`);
  return { child, url };
}

async function seed(base: string) {
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (response.status !== 201) throw new Error(`seed ${path}: ${response.status}`);
    return ((await response.json()) as { id: number }).id;
  };
  for (let i = 0; i < 200; i++) {
    const customer = await post('/api/customers', { name: `Pelanggan ${i}`, phone: `0812 ${String(i).padStart(4, '0')} 0000` });
    const vehicle = await post('/api/vehicles', { customerId: customer, plateNumber: `B ${1000 + i} KB`, make: 'Toyota', model: 'Avanza', year: 2018 });
    await post('/api/services', { vehicleId: vehicle, description: `Servis berkala ${i}`, cost: 350000, mechanic: 'Agus' });
  }
}

async function main() {
  execFileSync('npm', ['run', 'build', '--silent', '-w', 'api'], { stdio: 'inherit', cwd: ROOT });
  await adminQuery(`drop database if exists ${DB_NAME} with (force)`, SERVER_URL);
  await adminQuery(`create database ${DB_NAME}`, SERVER_URL);
  const env = { DATABASE_URL: withDatabaseName(SERVER_URL, DB_NAME), REDIS_URL, REDIS_KEY_PREFIX: `bengkel-record-${process.pid}:` };
  const stages: RecordedStage[] = [];
  try {
    for (let processes = 1; processes <= PROCESSES; processes++) {
      const apis = await Promise.all(Array.from({ length: processes }, () => startApi(env)));
      const proxy = await startProxy(apis.map((api) => api.url));
      try {
        if (processes === 1) await seed(apis[0]!.url);
        for (const scenario of ['stress', 'spike', 'rate'] as const) {
          const argv =
            scenario === 'stress'
              ? ['stress', '--max-users', '64']
              : scenario === 'spike'
                ? ['spike', '--users', '4', '--spike-users', '40']
                : ['soak', '--users', '32'];
          const options = parseOptions([...argv, '--url', proxy.url, '--duration', `${SECONDS}s`]);
          if (options === 'help') throw new Error('options');
          const done: StageOutcome[] = [];
          // The rate ladder: the soak scenario's plan (32 users, the default mix) at each rate.
          const next = (): StagePlan | undefined => {
            if (scenario !== 'rate') return SCENARIOS[scenario].next(options, done);
            const rate = RATES[done.length];
            const plan = rate === undefined ? undefined : SCENARIOS.soak.next(options, []);
            return plan && { ...plan, label: `${rate} req/s`, rate };
          };
          for (let plan = next(); plan; plan = next()) {
            console.error(`${processes} process(es), ${scenario}: ${plan.label}…`);
            const pids = apis.map((api) => api.child.pid!);
            const cpuBefore = pids.map((pid) => cpuSeconds([pid]));
            const postgresBefore = cpuSeconds('postgres');
            const run = await runStage(proxy.url, plan).done;
            const seconds = (run.endedAt.getTime() - run.startedAt.getTime()) / 1000;
            const perProcess = pids.map((pid, i) => (cpuSeconds([pid]) - cpuBefore[i]!) / seconds);
            stages.push({
              processes,
              scenario,
              ...(plan.rate ? { offeredRate: plan.rate } : {}),
              stage: plan.label,
              users: plan.users,
              seconds: Math.round(seconds * 10) / 10,
              requestsPerSecond: Math.round(run.client.meanRps),
              p95Ms: Math.round(run.client.p95 * 10) / 10,
              errors: run.client.s5xx + run.client.errors,
              cpuPerProcess: perProcess.map((cores) => Math.round(cores * 1000) / 1000),
              postgresCpu: Math.round(((cpuSeconds('postgres') - postgresBefore) / seconds) * 1000) / 1000,
            });
            // The whole stress curve is recorded, past the knee too: the replay needs every load.
            done.push({ plan, withinTargets: true });
          }
        }
      } finally {
        await proxy.stop();
        for (const api of apis) api.child.kill('SIGTERM');
        await Promise.all(apis.map((api) => new Promise((resolve) => api.child.once('exit', resolve))));
      }
    }
  } finally {
    await adminQuery(`drop database if exists ${DB_NAME} with (force)`, SERVER_URL).catch(() => {});
  }
  const recording: Recording = {
    recordedAt: new Date().toISOString(),
    machine: `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), load generator and PostgreSQL on the same machine`,
    command: 'npm run kubernetes:record',
    secondsPerStage: SECONDS,
    stages,
  };
  mkdirSync(`${ROOT}docs/kubernetes`, { recursive: true });
  writeFileSync(OUT, `${JSON.stringify(recording, null, 2)}\n`);
  console.error(`wrote ${OUT}`);
}

await main();
