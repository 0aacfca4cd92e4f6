import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { describe, test } from 'node:test';
import { parse, stringify } from 'yaml';
import { dashboards } from '../grafana/src/generate.ts';
import { PROMETHEUS } from '../grafana/src/panels.ts';
import { composeFile, run } from '@bengkel/testing/tools';
import { asPromQL, committedDashboards, DASHBOARDS, dashboardQueries } from './helpers/dashboards.ts';
import { MONITORING } from './helpers/paths.ts';

const PROVISIONING = join(MONITORING, 'grafana/provisioning');

interface Service {
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
}
const compose = () => composeFile<{ services: Record<string, Service> }>();

describe('Grafana provisioning', () => {
  test('the committed dashboards are exactly what grafana/src generates (npm run dashboards -w monitoring)', () => {
    const generated = dashboards();
    for (const [file, json] of Object.entries(generated)) {
      assert.equal(readFileSync(join(DASHBOARDS, file), 'utf8'), json, `${file} differs: run npm run dashboards -w monitoring`);
    }
    assert.deepEqual(committedDashboards().map((d) => d.file).sort(), Object.keys(generated).sort());
  });

  test('the data source has the fixed uid every panel uses and points at the prometheus service', () => {
    const { datasources } = parse(readFileSync(join(PROVISIONING, 'datasources/prometheus.yml'), 'utf8')) as {
      datasources: Array<{ uid: string; type: string; url: string; isDefault: boolean }>;
    };
    assert.equal(datasources.length, 1);
    assert.deepEqual({ uid: datasources[0]!.uid, type: datasources[0]!.type, url: datasources[0]!.url }, { ...PROMETHEUS, url: 'http://prometheus:9090' });
    for (const { dashboard } of committedDashboards()) {
      for (const panel of dashboard.panels.filter((p) => p.type !== 'row')) {
        assert.deepEqual(panel.datasource, PROMETHEUS, `${dashboard.title} › ${panel.title}`);
      }
    }
  });

  test('the dashboard provider reads the folder Compose mounts the dashboards into, and the home dashboard exists', () => {
    const { providers } = parse(readFileSync(join(PROVISIONING, 'dashboards/bengkel.yml'), 'utf8')) as { providers: Array<{ options: { path: string } }> };
    const grafana = compose().services.grafana!;
    const mount = grafana.volumes!.find((v) => v.startsWith('./monitoring/grafana/dashboards:'))!;
    assert.equal(mount, `./monitoring/grafana/dashboards:${providers[0]!.options.path}:ro`);
    const home = grafana.environment!.GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH!;
    assert.equal(posix.dirname(home), providers[0]!.options.path);
    assert.ok(existsSync(join(DASHBOARDS, posix.basename(home))), home);
  });

  test('Grafana takes its admin password from the environment, with anonymous access and sign-up off', () => {
    const env = compose().services.grafana!.environment!;
    assert.match(env.GF_SECURITY_ADMIN_PASSWORD!, /^\$\{GRAFANA_ADMIN_PASSWORD:\?/);
    assert.equal(env.GF_AUTH_ANONYMOUS_ENABLED, 'false');
    assert.equal(env.GF_USERS_ALLOW_SIGN_UP, 'false');
    assert.deepEqual(compose().services.grafana!.ports, ['3001:3000']);
  });

  test('dashboards have fixed uids and every panel a description, a query and coloured thresholds', () => {
    const uids = committedDashboards().map(({ dashboard }) => dashboard.uid);
    assert.deepEqual(uids.sort(), ['bengkel-host', 'bengkel-service-health', 'bengkel-workshop']);
    for (const { dashboard } of committedDashboards()) {
      const ids = dashboard.panels.map((p) => p.id);
      assert.equal(new Set(ids).size, ids.length, `${dashboard.title}: panel ids repeat`);
      for (const panel of dashboard.panels.filter((p) => p.type !== 'row')) {
        const where = `${dashboard.title} › ${panel.title}`;
        assert.ok((panel.description ?? '').length > 40, `${where} has no description of healthy`);
        assert.ok((panel.targets ?? []).length > 0, `${where} has no query`);
        const steps = panel.fieldConfig?.defaults?.thresholds?.steps ?? [];
        assert.ok(steps.length >= 2 && new Set(steps.map((s) => s.color)).size >= 2, `${where} has no healthy/troubled thresholds`);
      }
    }
  });

  test('the service-health dashboard shows every signal the operator needs', () => {
    const health = committedDashboards().find(({ dashboard }) => dashboard.uid === 'bengkel-service-health')!.dashboard;
    const exprs = health.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr)).join('\n');
    for (const signal of [
      'http_requests_total', 'sum by (route) (rate(http_requests_total', 'http_request_duration_seconds_bucket', 'status_code=~"5.."', 'status_code=~"4.."',
      'db_query_duration_seconds_bucket', 'process_cpu_seconds_total', 'process_resident_memory_bytes', 'node_filesystem_avail',
      'node_network_receive_bytes_total', 'db_pool_connections', 'state="waiting"', 'pg_stat_activity_count', 'pg_settings_max_connections',
      'nodejs_eventloop_lag', 'container_cpu_cfs_throttled_seconds_total',
    ]) {
      assert.ok(exprs.includes(signal), `no panel queries ${signal}`);
    }
    for (const quantile of ['0.5', '0.95', '0.99']) assert.ok(exprs.includes(`histogram_quantile(${quantile},`), `no p${quantile} panel`);
  });

  test('the workshop dashboard shows jobs by status and today, revenue per day, reminders due and job times', () => {
    const workshop = committedDashboards().find(({ dashboard }) => dashboard.uid === 'bengkel-workshop')!.dashboard;
    const exprs = workshop.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr)).join('\n');
    for (const signal of [
      'max by (status) (workshop_services{', 'max by (status) (workshop_services_today{', 'sum(increase(workshop_revenue_total{job="backend"}[1d]))',
      'max by (due) (workshop_reminders_due{', 'sum by (le) (rate(workshop_service_duration_seconds_bucket{',
    ]) {
      assert.ok(exprs.includes(signal), `no panel queries ${signal}`);
    }
    for (const quantile of ['0.5', '0.9']) assert.ok(exprs.includes(`histogram_quantile(${quantile}, sum by (le) (rate(workshop_service_duration_seconds_bucket`), `no p${quantile} job time`);
    const revenuePerDay = workshop.panels.find((p) => p.title === 'Revenue per day') as { interval?: string; fieldConfig?: { defaults?: { custom?: { drawStyle?: string } } } };
    assert.deepEqual([revenuePerDay.interval, revenuePerDay.fieldConfig?.defaults?.custom?.drawStyle], ['1d', 'bars']);
  });

  test("figures every API instance reads alike from the database are taken with max() across instances, never summed", () => {
    // Each instance reports the database's whole count: a sum() would show it once per instance.
    const sameOnEveryInstance = /\b(workshop_services|workshop_services_today|workshop_reminders_due)\b/g;
    for (const { where, expr } of dashboardQueries()) {
      for (const match of expr.matchAll(sameOnEveryInstance)) {
        const before = expr.slice(0, match.index);
        assert.match(before, /\bmax(?: by \([^)]*\))? \($|\bmax\($/, `${where}: ${match[1]} must be inside max() or max by (…) — ${expr}`);
      }
    }
  });

  test('every panel query is valid PromQL (promtool check rules)', async () => {
    const queries = dashboardQueries();
    const file = join(mkdtempSync(join(tmpdir(), 'bengkel-panels-')), 'panels.yml');
    writeFileSync(file, stringify({ groups: [{ name: 'panels', rules: queries.map((q, i) => ({ record: `panel:query:${i}`, expr: asPromQL(q.expr) })) }] }));
    const result = await run('promtool', ['check', 'rules', file]);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, new RegExp(`SUCCESS: ${queries.length} rules found`));
  });
});
