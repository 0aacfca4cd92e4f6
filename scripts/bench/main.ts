// `npm run bench`: the API on real PostgreSQL under autocannon, beside the two ceilings of
// this machine measured in the same run (nginx serving the same bytes; pgbench running the same
// SELECT). Prints one table, and each API figure as a share of the ceilings. Figures are only
// comparable within one run: the machines are shared and noisy.
//   BENCH_SECONDS (10)  BENCH_DATABASE_URL (postgres://postgres@127.0.0.1:5432/postgres)

import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/node-postgres';
import type { Database } from '../../api/src/db/client.ts';
import * as schema from '../../api/src/db/schema.ts';
import { VehicleRepository } from '../../api/src/resources/vehicles/repository.ts';
import { bearer, makeToken, ownerEnv } from '@bengkel/testing/accounts';
import { adminQuery, withDatabaseName } from '@bengkel/testing/database';
import { freePort, waitForHttp } from '@bengkel/testing/server';
import { databaseCeiling, httpCeiling, nodeCeiling, type DatabaseCeiling } from './ceilings.ts';
import { startBare, startFlask } from './references.ts';
import { get, postCustomer } from '../../load/src/scenarios/requests.ts';
import { load, type LoadResult } from './load.ts';
import { probePhases, type Phases } from './phases.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const SERVER_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB_NAME = 'bengkel_bench';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
// The API runs as it does in its container: compiled, with plain node.
const SERVER = fileURLToPath(new URL('../../api/dist/server.js', import.meta.url));

const TOOLS: Array<[string, string]> = [
  ['command -v nginx', 'nginx-light'],
  ['command -v pgbench', 'postgresql-client'],
  ['test -x /usr/bin/gunicorn', 'gunicorn'],
  ["/usr/bin/python3 -c 'import flask, flask_sqlalchemy, psycopg2, prometheus_client'", 'python3-flask python3-flask-sqlalchemy python3-psycopg2 python3-prometheus-client'],
];

function requireTools() {
  const missing = TOOLS.filter(([check]) => {
    try {
      execFileSync('sh', ['-c', check], { stdio: 'ignore' });
      return false;
    } catch {
      return true;
    }
  });
  if (missing.length) {
    console.error(`bench needs: apt-get install -y ${missing.map(([, packages]) => packages).join(' ')}`);
    process.exit(2);
  }
}


const admin = (sql: string, url = SERVER_URL) => adminQuery(sql, url);
const databaseUrl = () => withDatabaseName(SERVER_URL, DB_NAME);

async function startApi(port: number, env: Record<string, string> = {}): Promise<ChildProcess> {
  const child = spawn(process.execPath, [SERVER], {
    // Its own first owner, who makes the bench's API token (every request is signed, as in use).
    env: { ...process.env, ...ownerEnv, DATABASE_URL: databaseUrl(), PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  await waitForHttp(`http://127.0.0.1:${port}/api/ready`);
  return child;
}

const stop = async (child: ChildProcess) => {
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
};

/** 300 customers, 600 vehicles, 1 500 services, created through the API itself. */
async function seed(base: string, token: string): Promise<number[]> {
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...bearer(token) }, body: JSON.stringify(body) });
    if (response.status !== 201) throw new Error(`seed ${path}: ${response.status} ${await response.text()}`);
    return ((await response.json()) as { id: number }).id;
  };
  const inBatches = async <T>(count: number, make: (i: number) => Promise<T>) => {
    const out: T[] = [];
    for (let i = 0; i < count; i += 20) out.push(...(await Promise.all(Array.from({ length: Math.min(20, count - i) }, (_, j) => make(i + j)))));
    return out;
  };
  const makes = ['Toyota', 'Honda', 'Suzuki', 'Daihatsu', 'Mitsubishi', 'Nissan'];
  const customers = await inBatches(300, (i) =>
    post('/api/customers', { name: `Pelanggan ${i}`, email: `pelanggan${i}@bengkel.test`, phone: `+62 812 ${String(i).padStart(4, '0')} 000`, address: `Jl. Merdeka ${i}` }),
  );
  const vehicles = await inBatches(600, (i) =>
    post('/api/vehicles', { customerId: customers[i % 300], plateNumber: `B ${1000 + i} BK`, make: makes[i % makes.length], model: 'Model', year: 2010 + (i % 15), color: 'Silver', mileage: i * 100 }),
  );
  await inBatches(1500, (i) =>
    post('/api/services', { vehicleId: vehicles[i % 600], description: `Service ${i}: oil, filters, brakes`, cost: 150000 + (i % 50) * 1000, mechanic: `Mekanik ${i % 7}` }),
  );
  return customers;
}

/** The SQL the API sends for GET /api/vehicles?limit=50, built by its own repository. */
function vehiclesListSql(): string {
  const repository = new VehicleRepository({} as Database);
  const { build, values } = repository.listStatement({ limit: 50, offset: 0 });
  const { sql, params } = build(drizzle.mock({ schema }) as unknown as Parameters<typeof build>[0]).toSQL();
  return sql.replace(/\$(\d+)/g, (_, n: string) => {
    const param = params[Number(n) - 1] as { name?: string } | unknown;
    const value = param && typeof param === 'object' && 'name' in param ? values[String(param.name)] : param;
    return typeof value === 'number' ? String(value) : `'${String(value).replace(/'/g, "''")}'`;
  });
}

function rssSampler(pid: number) {
  let peak = 0;
  const timer = setInterval(() => {
    try {
      const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
      peak = Math.max(peak, kb * 1024);
    } catch {
      // process gone
    }
  }, 200);
  return { peak: () => peak, stop: () => clearInterval(timer) };
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const pct = (n: number) => `${fmt(n * 100)} %`;

function table(rows: LoadResult[], http: LoadResult, db: DatabaseCeiling) {
  const header = ['run', 'conns', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'non-2xx (4xx/5xx/errors)', 'vs HTTP ceiling', 'vs DB ceiling'];
  const lines = [header, header.map(() => '---')];
  for (const r of [...rows, http]) {
    lines.push([
      r.label,
      String(r.connections),
      fmt(r.requestsPerSecond),
      fmt(r.p50, 1),
      fmt(r.p95, 1),
      fmt(r.p99, 1),
      `${r.byClass['4xx']}/${r.byClass['5xx']}/${r.errors}`,
      r === http ? '100 %' : pct(r.requestsPerSecond / http.requestsPerSecond),
      r === http ? '' : pct(r.requestsPerSecond / db.transactionsPerSecond),
    ]);
  }
  lines.push([`pgbench, same SELECT (DB ceiling)`, String(db.clients), fmt(db.transactionsPerSecond), '', '', '', `mean ${fmt(db.meanLatencyMs, 2)} ms`, '', '100 %']);
  return lines.map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

/** Client latency beside what the API saw of the same requests, and who used the CPU. */
function phaseTable(phases: Map<LoadResult, Phases>) {
  const ms = (n: number | undefined) => (n === undefined ? '–' : fmt(n, 1));
  const header = ['run', 'conns', 'client p50 / p99 ms', 'server p95 / p99 ms', 'DB mean ms', 'event-loop lag p99 peak ms', 'CPU: API', 'PostgreSQL', 'Redis', 'load generator', 'idle'];
  const lines = [header, header.map(() => '---')];
  for (const [r, { server, cpu }] of phases) {
    const idle = Math.max(0, 1 - cpu.api - cpu.postgres - cpu.redis - cpu.loadGenerator);
    lines.push([
      r.label,
      String(r.connections),
      `${ms(r.p50)} / ${ms(r.p99)}`,
      `${ms(server.p95)} / ${ms(server.p99)}`,
      ms(server.dbMean),
      ms(server.eventLoopLagPeak),
      pct(cpu.api),
      pct(cpu.postgres),
      pct(cpu.redis),
      pct(cpu.loadGenerator),
      pct(idle),
    ]);
  }
  return lines.map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

async function main() {
  requireTools();
  console.error('building the API…');
  execFileSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit', cwd: fileURLToPath(new URL('../..', import.meta.url)) });
  await admin(`drop database if exists ${DB_NAME} with (force)`);
  await admin(`create database ${DB_NAME}`);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const api = await startApi(port);
  try {
    console.error('seeding 300 customers, 600 vehicles, 1 500 services through the API…');
    const token = await makeToken(base, 'frontdesk', 'bench');
    const customers = await seed(base, token);
    await admin('vacuum analyze', databaseUrl());
    const list = `${base}/api/vehicles?limit=50`;
    const page = await (await fetch(list, { headers: bearer(token) })).text();

    const rss = rssSampler(api.pid!);
    const runs: LoadResult[] = [];
    const phases = new Map<LoadResult, Phases>();
    /** One run against an API process (this run's main one unless `on` names another). */
    const measure = async (label: string, connections: number, url: string, requests?: Parameters<typeof load>[0]['requests'], on = { base, pid: api.pid! }) => {
      console.error(`${label} at ${connections} connections for ${SECONDS} s…`);
      const probe = await probePhases(on.base, on.pid);
      const result = await load({ token, label, url, connections, seconds: SECONDS, ...(requests ? { requests } : {}) });
      phases.set(result, await probe.stop());
      runs.push(result);
      return result;
    };
    await load({ token, label: 'warm-up', url: list, connections: 16, seconds: 3 });
    const one = await measure('GET /api/vehicles?limit=50', 1, list);
    const list32 = await measure('GET /api/vehicles?limit=50', 32, list);
    // The bare reference runs right after the API's own run at 32 connections, so that the two
    // see the machine in the same state.
    const statement = vehiclesListSql();
    console.error('reference: a bare Fastify + pg handler running the same SELECT…');
    const barePort = await freePort();
    const bare = await startBare(barePort, databaseUrl(), statement);
    let bareList: LoadResult;
    try {
      await load({ token, label: 'warm-up', url: `http://127.0.0.1:${barePort}/api/vehicles`, connections: 16, seconds: 3 });
      bareList = await load({ token, label: 'bare Fastify + pg (reference)', url: `http://127.0.0.1:${barePort}/api/vehicles`, connections: 32, seconds: SECONDS });
    } finally {
      await stop(bare);
    }
    console.error('reference: the original design, Flask + Flask-SQLAlchemy under gunicorn…');
    const flaskPort = await freePort();
    const flask = await startFlask(flaskPort, databaseUrl());
    let flaskList: LoadResult;
    try {
      await load({ token, label: 'warm-up', url: `http://127.0.0.1:${flaskPort}/api/vehicles?limit=50`, connections: 16, seconds: 3 });
      flaskList = await load({ token, label: 'Flask + gunicorn, original design (reference)', url: `http://127.0.0.1:${flaskPort}/api/vehicles?limit=50`, connections: 32, seconds: SECONDS });
    } finally {
      await stop(flask);
    }
    // The same list through an API process with the shared Redis cache, and the Node ceiling.
    console.error('the API with the Redis cache (REDIS_URL)…');
    const cachedPort = await freePort();
    const cached = await startApi(cachedPort, { REDIS_URL: REDIS_URL, REDIS_KEY_PREFIX: `bengkel-bench-${process.pid}:` });
    let cachedList: LoadResult;
    try {
      const cachedBase = `http://127.0.0.1:${cachedPort}`;
      await load({ token, label: 'warm-up', url: `${cachedBase}/api/vehicles?limit=50`, connections: 16, seconds: 3 });
      cachedList = await measure('GET /api/vehicles?limit=50, Redis cache', 32, `${cachedBase}/api/vehicles?limit=50`, undefined, { base: cachedBase, pid: cached.pid! });
    } finally {
      await stop(cached);
    }
    console.error('Node ceiling: node:http answering the same bytes from memory…');
    const node = await nodeCeiling(page, await freePort(), 32, SECONDS);
    const hitRatio = phases.get(cachedList)!.server.cacheHitRatio ?? 0;
    runs.push(node);
    const list128 = await measure('GET /api/vehicles?limit=50', 128, list);
    const byId = await measure('GET /api/customers/{id}', 64, base, [
      { method: 'GET', path: '/api/customers', pathFor: () => `/api/customers/${customers[Math.floor(Math.random() * customers.length)]}` },
    ]);
    let serial = 0;
    const mix = [postCustomer(() => ({ name: 'Bench User', email: `bench-${process.pid}-${serial++}@bengkel.test` })), get('/api/customers')];
    await measure('POST + GET /api/customers', 3, base, mix);
    const mix64 = await measure('POST + GET /api/customers', 64, base, mix);
    rss.stop();

    console.error(`HTTP ceiling: nginx serving the ${page.length}-byte page…`);
    const http = await httpCeiling(page, await freePort(), 32, SECONDS);
    console.error('database ceiling: pgbench running the same SELECT…');
    const db = await databaseCeiling(databaseUrl(), statement, 32, SECONDS);
    runs.push(bareList, flaskList);

    const checks: [string, boolean, string][] = [
      ['list @32 ≥ 35 % of DB ceiling', list32.requestsPerSecond >= 0.35 * db.transactionsPerSecond, pct(list32.requestsPerSecond / db.transactionsPerSecond)],
      ['(context) list @32 vs bare Fastify + pg', true, pct(list32.requestsPerSecond / bareList.requestsPerSecond)],
      ['cached list @32 ≥ 5 × Flask + gunicorn', cachedList.requestsPerSecond >= 5 * flaskList.requestsPerSecond, `${fmt(cachedList.requestsPerSecond / flaskList.requestsPerSecond, 2)} ×`],
      ['(context) list @32 vs Flask + gunicorn', true, `${fmt(list32.requestsPerSecond / flaskList.requestsPerSecond, 2)} ×`],
      ['cached list @32 ≥ 40 % of the Node ceiling', cachedList.requestsPerSecond >= 0.4 * node.requestsPerSecond, pct(cachedList.requestsPerSecond / node.requestsPerSecond)],
      ['cached list @32 p99 < 50 ms', cachedList.p99 < 50, `${fmt(cachedList.p99, 1)} ms`],
      ['cached list @32 no non-2xx', cachedList.total === cachedList.byClass['2xx'] && cachedList.errors === 0, `${cachedList.total - cachedList.byClass['2xx'] + cachedList.errors}`],
      ['cached list @32 hit ratio ≥ 80 %', hitRatio >= 0.8, pct(hitRatio)],
      ['(context) cached list @32 vs uncached', true, `${fmt(cachedList.requestsPerSecond / list32.requestsPerSecond, 2)} ×`],
      ['list @32 p95 ≤ 30 ms', list32.p95 <= 30, `${fmt(list32.p95, 1)} ms`],
      ['list @32 no non-2xx', list32.total === list32.byClass['2xx'] && list32.errors === 0, `${list32.total - list32.byClass['2xx'] + list32.errors}`],
      ['list @128 p95 ≤ 100 ms', list128.p95 <= 100, `${fmt(list128.p95, 1)} ms`],
      ['list @128 no non-2xx', list128.total === list128.byClass['2xx'] && list128.errors === 0, `${list128.total - list128.byClass['2xx'] + list128.errors}`],
      ['list @128 ≥ 90 % of @32', list128.requestsPerSecond >= 0.9 * list32.requestsPerSecond, pct(list128.requestsPerSecond / list32.requestsPerSecond)],
      ['customer by id @64 ≥ 1.5 × list @32', byId.requestsPerSecond >= 1.5 * list32.requestsPerSecond, `${fmt(byId.requestsPerSecond / list32.requestsPerSecond, 2)} ×`],
      ['POST + GET @64: 0 × 5xx', mix64.byClass['5xx'] === 0 && mix64.errors === 0, `${mix64.byClass['5xx']}`],
      ['API resident memory ≤ 200 MB', rss.peak() <= 200 * 1024 * 1024, `${fmt(rss.peak() / 1024 / 1024)} MB`],
    ];

    console.log(`\nBengkel API benchmark — ${new Date().toISOString()} — ${SECONDS} s a run, load generator on the same machine`);
    console.log(`single connection: ${fmt(one.requestsPerSecond)} req/s, p50 ${fmt(one.p50, 2)} ms\n`);
    console.log(table(runs, http, db));
    console.log('\n| target | met | measured |\n| --- | --- | --- |');
    for (const [name, met, measured] of checks) console.log(`| ${name} | ${met ? 'yes' : 'NO'} | ${measured} |`);
    console.log(`\nAPI peak resident memory during the runs: ${fmt(rss.peak() / 1024 / 1024)} MB`);
    console.log(`\nWhere the time went (server figures from the API's /metrics; CPU as a share of the machine's ${cpus().length} cores):\n`);
    console.log(phaseTable(phases));
  } finally {
    await stop(api);
    await admin(`drop database if exists ${DB_NAME} with (force)`).catch(() => {});
  }
}

await main();
