// The monitoring stack for real, without Docker: the API on PostgreSQL (in a CPU-limited cgroup),
// node-exporter, postgres-exporter (logging in with the role the database init script creates),
// the blackbox exporter, nginx with the frontend, Alertmanager, a cAdvisor stand-in, and
// Prometheus running the committed prometheus.yml and rules with only the targets moved to
// 127.0.0.1. After real traffic, every dashboard panel query and every recording rule must
// return data. A second API process on the same database reports too, as a scaled-out backend
// does, so that the workshop panels are shown to count the database's figures once.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { bearer, makeToken } from '@bengkel/testing/accounts';
import { containerGroup, serveMetrics, type ContainerGroup } from '@bengkel/testing/cadvisor';
import { adminQuery, adminUrl, freshDatabase, withDatabaseName, type FreshDatabase } from '@bengkel/testing/database';
import { freePort, spawnServer, type ServerProcess } from '@bengkel/testing/server';
import { daemon, eventually, run, sleep, type Daemon } from '@bengkel/testing/tools';
import { startNginx } from '../../web/test/e2e/harness.ts';
import { asPromQL, dashboardQueries } from './helpers/dashboards.ts';
import { startAlertmanager } from './helpers/alertmanager.ts';
import { MONITORING } from './helpers/paths.ts';
import { rules } from './helpers/rules.ts';

/** The API's METRICS_TOKEN, as the Compose stack sets it for the backend and Prometheus. */
const METRICS_TOKEN = 'stack-test-metrics-token-0123';

interface QueryResult {
  status: string;
  error?: string;
  data?: { result: Array<{ metric: Record<string, string>; value: [number, string] }> };
}

describe('the monitoring stack on real Prometheus and exporters', { timeout: 180_000 }, () => {
  const daemons: Daemon[] = [];
  let database: FreshDatabase;
  let api: ServerProcess;
  let secondApi: ServerProcess;
  let group: ContainerGroup;
  let cadvisor: Server;
  let nginx: Awaited<ReturnType<typeof startNginx>>;
  let prometheus: string;
  let traffic: Traffic;
  const work = mkdtempSync(join(tmpdir(), 'bengkel-stack-'));

  async function query(expr: string): Promise<QueryResult> {
    const response = await fetch(`${prometheus}/api/v1/query`, { method: 'POST', body: new URLSearchParams({ query: expr }) });
    return (await response.json()) as QueryResult;
  }

  before(async () => {
    database = await freshDatabase(adminUrl());
    const dbName = new URL(database.url!).pathname.slice(1);

    // The Compose database's init script, run the way the postgres image runs it.
    const init = await run('sh', [join(MONITORING, 'postgres/10-monitoring-role.sh')], {
      env: { ...process.env, PGHOST: '127.0.0.1', PGPORT: '5432', POSTGRES_USER: 'postgres', POSTGRES_DB: dbName, POSTGRES_EXPORTER_PASSWORD: 'test-only' },
    });
    assert.equal(init.code, 0, init.stderr);

    const ports = Object.fromEntries(
      await Promise.all(['web', 'node', 'postgres', 'blackbox', 'cadvisor', 'prometheus'].map(async (n) => [n, await freePort()] as const)),
    );

    // The cache and replica panels need the data tier scaled out: the machine's Redis and the
    // streaming replica of the machine's cluster that scripts/ci/scale-services.sh starts.
    const apiEnv = {
      DATABASE_URL: database.url!,
      DATABASE_REPLICA_URLS: withDatabaseName(process.env.TEST_REPLICA_URL ?? 'postgres://postgres@127.0.0.1:5433/postgres', dbName),
      REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
      REDIS_KEY_PREFIX: `bengkel-stack-${process.pid}:`,
      CORS_ORIGINS: `http://127.0.0.1:${ports.web}`,
      LOG_LEVEL: 'info',
      METRICS_TOKEN,
    };
    api = spawnServer(apiEnv);
    const apiBase = await api.base;
    // Started once the first has migrated the database.
    secondApi = spawnServer(apiEnv);
    const secondBase = await secondApi.base;
    group = containerGroup(`bengkel-stack-${process.pid}`, 0.5);
    group.add(api.child.pid!);
    cadvisor = await serveMetrics(ports.cadvisor!, () => group.metrics(api.child.pid!));

    nginx = await startNginx(apiBase, ports.web!);

    const local = (port: number | undefined) => `http://127.0.0.1:${port}`;
    daemons.push(await daemon('prometheus-node-exporter', [`--web.listen-address=127.0.0.1:${ports.node}`], `${local(ports.node)}/metrics`));
    daemons.push(await daemon('prometheus-postgres-exporter', [`--web.listen-address=127.0.0.1:${ports.postgres}`], `${local(ports.postgres)}/metrics`, {
      env: { ...process.env, DATA_SOURCE_NAME: `postgresql://bengkel_monitor:test-only@127.0.0.1:5432/${dbName}?sslmode=disable` },
    }));
    daemons.push(await daemon('prometheus-blackbox-exporter', [`--config.file=${join(MONITORING, 'blackbox/blackbox.yml')}`, `--web.listen-address=127.0.0.1:${ports.blackbox}`], `${local(ports.blackbox)}/-/healthy`));
    const alertmanager = await startAlertmanager({ SLACK_WEBHOOK_URL: '' });
    daemons.push(alertmanager.am);

    // The committed prometheus.yml with each Compose address moved to its local stand-in and a
    // 1 s interval; every replacement must apply, so a renamed target cannot slip past.
    const apiAddress = new URL(apiBase).host;
    const moves: Array<[string, string]> = [
      ['http://backend:5000/api/ready', `${apiBase}/api/ready`],
      ['http://frontend:8085/', `${nginx.base}/`],
      ["targets: ['backend:5000']", `targets: ['${apiAddress}', '${new URL(secondBase).host}']`],
      ['node-exporter:9100', `127.0.0.1:${ports.node}`],
      ['postgres-exporter:9187', `127.0.0.1:${ports.postgres}`],
      ['blackbox-exporter:9115', `127.0.0.1:${ports.blackbox}`],
      ['cadvisor:8080', `127.0.0.1:${ports.cadvisor}`],
      ['alertmanager:9093', new URL(alertmanager.url).host],
      ['localhost:9090', `127.0.0.1:${ports.prometheus}`],
      // The file start.sh writes the API's METRICS_TOKEN to, in the Compose stack.
      ['/prometheus/metrics-token', join(work, 'metrics-token')],
      ['scrape_interval: 15s', 'scrape_interval: 1s'],
      ['evaluation_interval: 15s', 'evaluation_interval: 1s'],
    ];
    let config = readFileSync(join(MONITORING, 'prometheus/prometheus.yml'), 'utf8');
    for (const [from, to] of moves) {
      assert.ok(config.includes(from), `prometheus.yml no longer has ${from}`);
      config = config.replaceAll(from, to);
    }
    writeFileSync(join(work, 'prometheus.yml'), config);

    symlinkSync(join(MONITORING, 'prometheus/rules'), join(work, 'rules'));
    prometheus = local(ports.prometheus);
    // Started as the container starts it: start.sh writes METRICS_TOKEN where the config reads it.
    daemons.push(await daemon('sh', [
      join(MONITORING, 'prometheus/start.sh'),
      `--config.file=${join(work, 'prometheus.yml')}`, `--storage.tsdb.path=${join(work, 'data')}`, `--web.listen-address=127.0.0.1:${ports.prometheus}`,
    ], `${prometheus}/-/ready`, { env: { ...process.env, PROM_DATA_DIR: work, METRICS_TOKEN } }));
    assert.equal(statSync(join(work, 'metrics-token')).mode & 0o777, 0o600, 'the token file is for Prometheus alone');

    traffic = await sendTraffic([apiBase, secondBase], await makeToken(apiBase));
  });

  after(async () => {
    for (const d of daemons.reverse()) await d.stop();
    cadvisor?.close();
    nginx?.process.kill('SIGQUIT');
    await api?.stop();
    await secondApi?.stop();
    group?.remove();
    await database?.drop();
    rmSync(work, { recursive: true, force: true });
    if (nginx) rmSync(nginx.dir, { recursive: true, force: true });
  });

  test('every target is scraped, and cAdvisor series without a Compose service are dropped', async () => {
    const jobs = ['prometheus', 'backend', 'probe-backend-ready', 'probe-frontend', 'node-exporter', 'postgres-exporter', 'cadvisor', 'alertmanager'];
    const up = await eventually('all targets up', async () => {
      const result = await query('up');
      const healthy = Object.fromEntries((result.data?.result ?? []).map((s) => [s.metric.job!, s.value[1]]));
      return jobs.every((job) => healthy[job] === '1') ? healthy : undefined;
    });
    assert.deepEqual(Object.keys(up).sort(), [...jobs].sort());
    const probes = await query('probe_success');
    assert.deepEqual(probes.data!.result.map((s) => s.value[1]), ['1', '1']);
    const cadvisorSeries = await query('count by (service, id) (container_cpu_usage_seconds_total)');
    assert.deepEqual(cadvisorSeries.data!.result.map((s) => s.metric.service), ['backend']);
  });

  test('Prometheus loads every rule, evaluates them without error and knows its Alertmanager', async () => {
    const body = (await (await fetch(`${prometheus}/api/v1/rules`)).json()) as {
      data: { groups: Array<{ rules: Array<{ name: string; type: string; health: string; lastError?: string }> }> };
    };
    const loaded = body.data.groups.flatMap((g) => g.rules);
    assert.equal(loaded.length, rules().length);
    const failing = await eventually('rules evaluated', async () => {
      const now = (await (await fetch(`${prometheus}/api/v1/rules`)).json()) as typeof body;
      const all = now.data.groups.flatMap((g) => g.rules);
      return all.every((r) => r.health !== 'unknown') ? all.filter((r) => r.health !== 'ok') : undefined;
    });
    assert.deepEqual(failing, []);
    const managers = (await (await fetch(`${prometheus}/api/v1/alertmanagers`)).json()) as { data: { activeAlertmanagers: unknown[] } };
    assert.equal(managers.data.activeAlertmanagers.length, 1);
  });

  test('every dashboard panel query and every recording rule returns data', async () => {
    // prometheus-community's pgbouncer_exporter (what Compose runs) has no Debian package and
    // cannot be built here: its panels are checked as PromQL (grafana.test.ts) and its alerts by
    // promtool unit tests, not on live data. Every other panel must return data.
    const expressions = [
      ...dashboardQueries()
        .filter((q) => !/pgbouncer_/.test(q.expr))
        .map((q) => ({ where: q.where, expr: asPromQL(q.expr, '10s') })),
      ...rules().filter((r) => r.record).map((r) => ({ where: `recording rule ${r.record}`, expr: r.expr })),
      ...rules().filter((r) => r.record).map((r) => ({ where: `recorded series ${r.record}`, expr: r.record! })),
    ];
    const missing = new Map<string, string>();
    const deadline = Date.now() + 60_000;
    let pending = expressions;
    while (pending.length && Date.now() < deadline) {
      const next = [];
      for (const item of pending) {
        const result = await query(item.expr);
        if (result.status !== 'success') assert.fail(`${item.where}: ${item.expr}\n→ ${result.error}`);
        if (result.data!.result.length === 0) {
          missing.set(item.where, item.expr);
          next.push(item);
        } else {
          missing.delete(item.where);
        }
      }
      pending = next;
      if (pending.length) await sleep(1000);
    }
    assert.deepEqual([...missing].map(([where, expr]) => `${where}: ${expr}`), []);
  });

  test('the workshop panels show every figure, those from the database once though two API processes report them', async () => {
    const workshop = dashboardQueries().filter((q) => q.where.startsWith('Bengkel — workshop › '));
    const panel = (title: string) => asPromQL(workshop.find((q) => q.where === `Bengkel — workshop › ${title}`)!.expr);
    /** A query's result as {label value: number}, by `label` (a single series without it: `value`). */
    const values = async (expr: string, label?: string) =>
      Object.fromEntries((await query(expr)).data!.result.map((s) => [label ? s.metric[label]! : 'value', Number(s.value[1])]));
    const stored = async (sql: string) => Object.fromEntries((await adminQuery(sql, database.url!)).rows.map((r: { key: string; n: number }) => [r.key, r.n]));

    // Each process reports the database's counts: two series per status, of one figure.
    assert.deepEqual(await values('count by (status) (workshop_services{job="backend"})', 'status'), { cancelled: 2, completed: 2, in_progress: 2, scheduled: 2 });
    const none = { scheduled: 0, in_progress: 0, completed: 0, cancelled: 0 };
    const expected: Array<[string, string, Record<string, number>]> = [
      ['Jobs by status', 'status', { ...none, ...(await stored('select status as key, count(*)::int as n from services group by status')) }],
      ['Jobs scheduled today by status', 'status', {
        ...none,
        ...(await stored(`select status as key, count(*)::int as n from services
          where (scheduled_at at time zone 'Asia/Jakarta')::date = (now() at time zone 'Asia/Jakarta')::date group by status`)),
      }],
      // The traffic's reminders are due a week ago or in a week: overdue or soon by either rule.
      ['Reminders due', 'due', await stored(`select case when due_date < current_date then 'overdue' else 'soon' end as key, count(*)::int as n from reminders group by 1`)],
    ];
    for (const [title, label, figures] of expected) {
      assert.ok(Object.values(figures).filter((n) => n > 0).length >= 2, `${title}: the traffic made too little to tell ${JSON.stringify(figures)}`);
      let shown: Record<string, number> = {};
      const same = () => JSON.stringify(Object.entries(shown).sort()) === JSON.stringify(Object.entries(figures).sort());
      // The figures are read at each scrape: the next ones after the traffic must match.
      await eventually(title, async () => ((shown = await values(panel(title), label)), same() || undefined), 10_000).catch(() => assert.deepEqual(shown, figures, title));
    }

    // Counted by the process that took the payment or completed the job: summed, each once.
    assert.deepEqual(await values('workshop_service_duration_seconds_count{job="backend"}', 'instance'), traffic.completed);
    assert.equal((await values('sum(workshop_revenue_total{job="backend"})')).value, traffic.paid);

    // Every workshop panel shows a number (no NaN from an empty histogram, no missing series).
    for (const { where, expr } of workshop) {
      const result = (await query(asPromQL(expr))).data!.result;
      assert.ok(result.length > 0 && result.every((s) => Number.isFinite(Number(s.value[1]))), `${where}: ${expr} → ${JSON.stringify(result)}`);
    }
    assert.ok((await values(panel('Revenue per day'))).value! > 0);
    const p50 = (await values(panel('Median job time, last day'))).value!;
    assert.ok(p50 > 0 && p50 <= 900, `jobs completed at once are in the first bucket (15 min): ${p50}`);
  });

  test('the throttling the backend suffers under its CPU limit shows on the dashboard query', async () => {
    const throttled = await query('sum(container_cpu_cfs_throttled_periods_total{service="backend"})');
    assert.ok(Number(throttled.data!.result[0]!.value[1]) > 0, 'the API under a 0.5 CPU quota was never throttled');
  });
});

/** What the traffic did through each API process, for the workshop panels to be checked against. */
interface Traffic {
  completed: Record<string, number>;
  paid: number;
}

/**
 * A few seconds of what the workshop does: create, read, list, search, update, delete, and
 * mistakes; jobs completed, invoiced and paid, and reminders due — each round through the next
 * API process in turn.
 */
async function sendTraffic(bases: string[], token: string): Promise<Traffic> {
  const traffic: Traffic = { completed: Object.fromEntries(bases.map((base) => [new URL(base).host, 0])), paid: 0 };
  const end = Date.now() + 6_000;
  for (let round = 0; Date.now() < end; round++) {
    const base = bases[round % bases.length]!;
    const json = (method: string, path: string, body?: unknown) =>
      fetch(`${base}${path}`, { method, headers: { ...bearer(token), ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    const tag = `${process.pid}-${round}`;
    const customer = (await (await json('POST', '/api/customers', { name: `Stack ${tag}`, email: `stack-${tag}@example.com` })).json()) as { id: number };
    const vehicle = (await (await json('POST', '/api/vehicles', { customerId: customer.id, plateNumber: `B ${1000 + round} ST`, make: 'Toyota', model: 'Avanza', year: 2020 })).json()) as { id: number };
    const service = (await (await json('POST', '/api/services', { vehicleId: vehicle.id, description: 'Oil change', scheduledAt: new Date().toISOString(), cost: 250000 })).json()) as { id: number };
    await json('PATCH', `/api/services/${service.id}`, { status: 'in_progress' });
    await json('PATCH', `/api/customers/${customer.id}`, { phone: '0812-0000-0000' });
    await json('POST', '/api/customers', { name: 'Duplicate', email: `stack-${tag}@example.com` }); // 409
    await json('GET', '/api/customers/999999999'); // 404
    await Promise.all(Array.from({ length: 20 }, () => json('GET', '/api/customers?q=stack&sort=-createdAt')));
    await json('GET', '/api/vehicles');
    await json('GET', '/api/stats');
    await json('DELETE', `/api/services/${service.id}`);

    const job = (await (await json('POST', '/api/services', { vehicleId: vehicle.id, description: 'Brakes', status: 'in_progress', cost: 250000 })).json()) as { id: number };
    assert.equal((await json('PATCH', `/api/services/${job.id}`, { status: 'completed' })).status, 200);
    traffic.completed[new URL(base).host]! += 1;
    const invoice = (await (await json('POST', `/api/services/${job.id}/invoice`)).json()) as { id: number };
    assert.equal((await json('POST', `/api/invoices/${invoice.id}/payments`, { amount: 100000, method: 'cash' })).status, 201);
    traffic.paid += 100000;
    assert.equal((await json('POST', '/api/services', { vehicleId: vehicle.id, description: 'Tyres', scheduledAt: new Date().toISOString() })).status, 201);
    for (const days of [-7, 7]) {
      const dueDate = new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
      assert.equal((await json('POST', '/api/reminders', { vehicleId: vehicle.id, description: 'Oil change', dueDate })).status, 201);
    }
  }
  return traffic;
}
