import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { composeFile, REPO, run } from '@bengkel/testing/tools';
import { PROMETHEUS, RULE_FILES, rules } from './helpers/rules.ts';

const alerts = () => rules().filter((rule) => rule.alert);

describe('Prometheus configuration', () => {
  test('prometheus.yml and its rule files pass promtool check config', async () => {
    // promtool wants the METRICS_TOKEN file start.sh writes in the container: checked beside one.
    const work = mkdtempSync(join(tmpdir(), 'bengkel-promtool-'));
    const config = readFileSync(join(PROMETHEUS, 'prometheus.yml'), 'utf8');
    assert.match(config, /credentials_file: \/prometheus\/metrics-token/);
    writeFileSync(join(work, 'metrics-token'), 'a-token-for-promtool');
    writeFileSync(join(work, 'prometheus.yml'), config.replace('/prometheus/metrics-token', join(work, 'metrics-token')));
    symlinkSync(join(PROMETHEUS, 'rules'), join(work, 'rules'));
    const result = await run('promtool', ['check', 'config', join(work, 'prometheus.yml')]).finally(() => rmSync(work, { recursive: true, force: true }));
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout + result.stderr, /SUCCESS: \d+ rule files found/);
  });

  test('every rule file passes promtool check rules', async () => {
    const result = await run('promtool', ['check', 'rules', ...RULE_FILES]);
    assert.equal(result.code, 0, result.stdout + result.stderr);
  });

  test('every alert fires and stays quiet as its promtool unit tests expect', async () => {
    const result = await run('promtool', ['test', 'rules', join(PROMETHEUS, 'tests/alerts.test.yml')]);
    assert.equal(result.code, 0, result.stdout + result.stderr);
  });

  test('every alert has a firing case and a not-firing case in the unit tests', () => {
    const suite = parse(readFileSync(join(PROMETHEUS, 'tests/alerts.test.yml'), 'utf8')) as {
      tests: Array<{ alert_rule_test?: Array<{ alertname: string; exp_alerts?: unknown[] }> }>;
    };
    const cases = suite.tests.flatMap((t) => t.alert_rule_test ?? []);
    for (const name of new Set(alerts().map((rule) => rule.alert!))) {
      const mine = cases.filter((c) => c.alertname === name);
      assert.ok(mine.some((c) => (c.exp_alerts ?? []).length > 0), `${name} has no firing case`);
      assert.ok(mine.some((c) => (c.exp_alerts ?? []).length === 0), `${name} has no not-firing case`);
    }
  });

  test('every alert has a severity, a summary, a description with its value or subject, and a runbook that exists', () => {
    for (const rule of alerts()) {
      assert.match(rule.alert!, /^[A-Z][A-Za-z]+$/, `${rule.alert} is not CamelCase`);
      assert.ok(['warning', 'critical'].includes(rule.labels?.severity ?? ''), `${rule.alert} severity`);
      assert.ok(rule.annotations?.summary, `${rule.alert} summary`);
      assert.match(rule.annotations?.description ?? '', /\{\{ \$(value|labels)/, `${rule.alert} description names no value`);
      assert.equal(rule.annotations?.runbook_url, `docs/runbooks/${rule.alert}.md`);
      assert.ok(existsSync(join(REPO, 'docs/runbooks', `${rule.alert}.md`)), `docs/runbooks/${rule.alert}.md is missing`);
    }
  });

  test('every runbook belongs to an alert', () => {
    const names = new Set(alerts().map((rule) => `${rule.alert}.md`));
    const runbooks = readdirSync(join(REPO, 'docs/runbooks')).filter((file) => /^[A-Z][a-z]+[A-Za-z]*\.md$/.test(file));
    assert.deepEqual(runbooks.filter((file) => !names.has(file)), []);
  });

  test('the memory alert predicts against the backend memory limit set in docker-compose.yml', () => {
    const compose = composeFile<{ services: Record<string, { deploy?: { resources?: { limits?: { memory?: string } } } }> }>();
    const limit = compose.services.backend?.deploy?.resources?.limits?.memory;
    assert.equal(limit, '512M');
    const rule = alerts().find((r) => r.alert === 'BackendMemoryGrowing')!;
    assert.match(rule.expr, new RegExp(`> ${512 * 1024 * 1024}$`));
  });
});
