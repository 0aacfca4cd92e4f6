// `npm run experiment -- <name>`: the runs docs/load-testing.md and docs/analysis.md quote,
// reproducible. Each starts the compiled API (as its container runs it) on a fresh PostgreSQL
// database with the settings the experiment is about, runs the load CLI against it exactly as
// an operator would, and keeps the reports in reports/experiments/<name>/.
//   baseline         the API as Compose runs it (1 CPU, pool of 8): normal, high, high-same-email
//   max-connections  PostgreSQL with max_connections=12: a pool larger than the server allows vs one that fits
//   tiny-pool        the default pool vs one pooled connection with a short queue and wait vs one with no practical limit, under 32 users
//   cpu-starved      the API held to 0.1 CPU vs 1 CPU, load shedding at 200 ms of event-loop lag, up to 256 users
//   pgbouncer        3 API processes × a pool of 8 against max_connections=12: straight to PostgreSQL vs through PgBouncer
//   scale-out        1, 2 and 4 API processes behind nginx under the workshop mix: throughput, p95, CPU-seconds per 1 000 requests
// Needs root (cgroups, a private PostgreSQL cluster) and the PostgreSQL server binaries.

import { spawn, execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeToken, ownerEnv } from '@bengkel/testing/accounts';
import { containerGroup } from '@bengkel/testing/cadvisor';
import { createCluster, type Cluster } from '@bengkel/testing/cluster';
import { adminQuery, withDatabaseName } from '@bengkel/testing/database';
import { freePort } from '@bengkel/testing/server';
import { startPgBouncer } from '@bengkel/testing/pgbouncer';
import { cpuSeconds } from '../bench/phases.ts';
import { startProxy } from './proxy.ts';
import { daemon, REPO, type Daemon } from '@bengkel/testing/tools';

const SERVER = join(REPO, 'api/dist/server.js');
const CLI = join(REPO, 'load/bin/bengkel-load.js');
const SERVER_URL = process.env.EXPERIMENT_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

interface Api {
  url: string;
  pid: number;
  /** An API token the load CLI sends (BENGKEL_TOKEN), made by the database's first owner. */
  token: string;
  stop(): Promise<void>;
}

/** The compiled API on `databaseUrl`, in a cgroup limited to `cpus`, with `env` on top. */
async function startApi(databaseUrl: string, cpus: number, env: Record<string, string> = {}): Promise<Api> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server: Daemon = await daemon(process.execPath, [SERVER], `${url}/api/ready`, {
    env: { ...process.env, ...ownerEnv, DATABASE_URL: databaseUrl, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', ...env },
  });
  const token = await makeToken(url, 'frontdesk', 'experiments');
  const group = containerGroup(`bengkel-experiment-${process.pid}-${port}`, cpus);
  group.add(server.child.pid!);
  return {
    url,
    pid: server.child.pid!,
    token,
    async stop() {
      await server.stop();
      group.remove();
    },
  };
}

async function recreateDatabase(name: string, server = SERVER_URL, owner?: string): Promise<string> {
  await adminQuery(`drop database if exists ${name} with (force)`, server);
  await adminQuery(`create database ${name}${owner ? ` owner ${owner}` : ''}`, server);
  const url = new URL(withDatabaseName(server, name));
  if (owner) url.username = owner;
  return url.toString();
}

/** The load CLI as an operator runs it; its output goes straight to this terminal. */
function load(name: string, variant: string, api: Api, args: string[]): Promise<number | null> {
  const out = join(REPO, 'reports/experiments', name, variant);
  console.log(`\n$ npm run load -- ${args.join(' ')}    (${variant})`);
  return new Promise((resolve) => {
    spawn(process.execPath, [CLI, ...args, '--url', api.url, '--out', out, '--no-progress'], { stdio: 'inherit', env: { ...process.env, BENGKEL_TOKEN: api.token } }).on('exit', resolve);
  });
}

/** Polls pg_stat_activity while a run goes on: the server-side view postgres-exporter gives the dashboard. */
function watchConnections(serverUrl: string, user: string) {
  let peak = 0;
  const timer = setInterval(() => {
    adminQuery(`select count(*)::int as n from pg_stat_activity where usename = '${user}'`, serverUrl).then(
      (result) => (peak = Math.max(peak, result.rows[0].n as number)),
      () => undefined,
    );
  }, 200);
  return () => {
    clearInterval(timer);
    return peak;
  };
}

async function variant(name: string, label: string, database: string, cpus: number, env: Record<string, string>, runs: string[][], watch?: { serverUrl: string; user: string }) {
  console.log(`\n===== ${name} · ${label}: ${cpus} CPU, ${Object.entries(env).map(([k, v]) => `${k}=${v}`).join(' ') || 'default settings'}`);
  const api = await startApi(database, cpus, env);
  const stopWatching = watch && watchConnections(watch.serverUrl, watch.user);
  try {
    for (const args of runs) await load(name, label, api, args);
  } finally {
    if (stopWatching) console.log(`PostgreSQL connections held by ${watch!.user} at peak (pg_stat_activity): ${stopWatching()}`);
    await api.stop();
  }
}

/** Several API processes on one database at once, each under the same load of its own. */
async function processes(name: string, label: string, database: string, count: number, env: Record<string, string>, args: string[], serverUrl: string) {
  console.log(`\n===== ${name} · ${label}: ${count} API processes, ${Object.entries(env).map(([k, v]) => `${k}=${v}`).join(' ')}`);
  const apis = await Promise.all(Array.from({ length: count }, () => startApi(database, 1, env)));
  const stopWatching = watchConnections(serverUrl, 'postgres');
  try {
    await Promise.all(apis.map((api, i) => load(name, `${label}/process-${i + 1}`, api, args)));
  } finally {
    console.log(`PostgreSQL connections at peak (pg_stat_activity): ${stopWatching()}`);
    await Promise.all(apis.map((api) => api.stop()));
  }
}

const EXPERIMENTS: Record<string, () => Promise<void>> = {
  async baseline() {
    await variant('baseline', 'compose-equivalent', await recreateDatabase('bengkel_experiment'), 1, {}, [['normal'], ['high'], ['high-same-email']]);
  },

  async 'max-connections'() {
    const cluster: Cluster = await createCluster({ maxConnections: 12 });
    try {
      await adminQuery('create role bengkel login', cluster.url);
      const heavy = ['high', '--users', '24', '--iterations', '100'];
      for (const [label, pool] of [['pool-20', '20'], ['pool-6', '6']] as const) {
        const database = await recreateDatabase(`bengkel_${label.replace('-', '_')}`, cluster.url, 'bengkel');
        await variant('max-connections', label, database, 1, { DB_POOL_MAX: pool }, [heavy], { serverUrl: cluster.url, user: 'bengkel' });
      }
    } finally {
      cluster.destroy();
    }
  },

  async 'tiny-pool'() {
    const runs = [['high', '--users', '32', '--iterations', '100']];
    await variant('tiny-pool', 'default-pool', await recreateDatabase('bengkel_experiment'), 1, {}, runs);
    await variant('tiny-pool', 'one-connection-bounded', await recreateDatabase('bengkel_experiment'), 1, { DB_POOL_MAX: '1', DB_POOL_QUEUE_MAX: '8', DB_POOL_TIMEOUT_MS: '100' }, runs);
    // The same single connection with the queue and the wait effectively unlimited: nothing is refused, everything waits.
    await variant('tiny-pool', 'one-connection-unbounded', await recreateDatabase('bengkel_experiment'), 1, { DB_POOL_MAX: '1', DB_POOL_QUEUE_MAX: '100000', DB_POOL_TIMEOUT_MS: '600000' }, runs);
  },

  async pgbouncer() {
    // 3 × 8 = 24 pooled connections wanted, 12 allowed: straight to PostgreSQL the processes
    // fight for connections; PgBouncer multiplexes their transactions onto 6 server connections.
    const cluster: Cluster = await createCluster({ maxConnections: 12 });
    const bouncer = await startPgBouncer(cluster.port, { poolSize: 6 });
    try {
      const args = ['high', '--users', '8', '--iterations', '100'];
      const direct = await recreateDatabase('bengkel_direct', cluster.url);
      await processes('pgbouncer', 'direct', direct, 3, { DB_POOL_MAX: '8' }, args, cluster.url);
      const pooled = await recreateDatabase('bengkel_pooled', cluster.url);
      await processes('pgbouncer', 'through-pgbouncer', withDatabaseName(bouncer.url, 'bengkel_pooled'), 3, {
        DB_POOL_MAX: '8',
        DATABASE_DIRECT_URL: pooled,
        DB_NAMED_STATEMENTS: 'false',
        DB_STATEMENT_TIMEOUT_MS: '0',
      }, args, cluster.url);
    } finally {
      await bouncer.destroy();
      cluster.destroy();
    }
  },

  async 'scale-out'() {
    // Each process may use a whole core (the machine has 2): beyond 2, processes share cores.
    const database = await recreateDatabase('bengkel_experiment');
    const seed = await startApi(database, 1);
    await load('scale-out', 'seed', seed, ['high', '--users', '4', '--iterations', '50']);
    await seed.stop();
    const rows: string[] = [];
    for (const count of [1, 2, 4]) {
      console.log(`\n===== scale-out · ${count} API process${count > 1 ? 'es' : ''} behind nginx`);
      const apis = await Promise.all(Array.from({ length: count }, () => startApi(database, 1)));
      const proxy = await startProxy(apis.map((api) => api.url));
      const pids = [...apis.map((api) => api.pid), ...proxy.pids()];
      const before = { api: cpuSeconds(pids), postgres: cpuSeconds('postgres') };
      const out = join(REPO, 'reports/experiments/scale-out', `${count}-processes`);
      const args = ['soak', '--users', '64', '--duration', '15s', '--url', proxy.url, '--out', out, '--no-progress'];
      console.log(`$ npm run load -- ${args.join(' ')}`);
      await new Promise((resolve) => spawn(process.execPath, [CLI, ...args], { stdio: 'inherit', env: { ...process.env, BENGKEL_TOKEN: apis[0]!.token } }).on('exit', resolve));
      const after = { api: cpuSeconds(pids), postgres: cpuSeconds('postgres') };
      await proxy.stop();
      await Promise.all(apis.map((api) => api.stop()));
      const latest = readdirSync(out).sort().at(-1)!;
      const report = JSON.parse(readFileSync(join(out, latest, 'report.json'), 'utf8')) as { stages: Array<{ client: { requests: number; meanRps: number; p95: number } }> };
      const { requests, meanRps, p95 } = report.stages[0]!.client;
      const per1000 = (seconds: number) => ((seconds / requests) * 1000).toFixed(2);
      rows.push(`| ${count} | ${meanRps.toFixed(0)} | ${p95.toFixed(1)} | ${per1000(after.api - before.api)} | ${per1000(after.postgres - before.postgres)} |`);
    }
    console.log('\n| API processes | req/s | p95 ms | CPU-s per 1 000 requests: API + nginx | PostgreSQL |\n| --- | --- | --- | --- | --- |');
    console.log(rows.join('\n'));
  },

  async 'cpu-starved'() {
    const runs = [['stress', '--duration', '10s', '--max-users', '256']];
    await variant('cpu-starved', 'one-cpu', await recreateDatabase('bengkel_experiment'), 1, { MAX_EVENT_LOOP_DELAY_MS: '200' }, runs);
    await variant('cpu-starved', 'tenth-of-a-cpu', await recreateDatabase('bengkel_experiment'), 0.1, { MAX_EVENT_LOOP_DELAY_MS: '200' }, runs);
  },
};

const name = process.argv[2] ?? '';
if (!(name in EXPERIMENTS)) {
  console.error(`usage: npm run experiment -- <${Object.keys(EXPERIMENTS).join('|')}>`);
  process.exit(2);
}
execFileSync('npm', ['run', 'build', '--silent', '-w', 'api'], { cwd: REPO, stdio: 'inherit' });
console.log(`${name} on ${new Date().toISOString()} — ${execFileSync('nproc').toString().trim()} cores, Node ${process.version}`);
await EXPERIMENTS[name]!();
