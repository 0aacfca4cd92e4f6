// The CLI end to end: scaled-down runs of every scenario against the real API on PostgreSQL,
// exit codes, option errors, Ctrl-C, the report files, and server figures from Prometheus.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { makeToken } from '@bengkel/testing/accounts';
import { adminUrl, freshDatabase, type FreshDatabase } from '@bengkel/testing/database';
import { freePort, spawnServer, type ServerProcess } from '@bengkel/testing/server';
import { daemon, eventually, REPO } from '@bengkel/testing/tools';
import type { RunReport } from '../src/report/model.ts';

const CLI = join(REPO, 'load/bin/bengkel-load.js');

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The API's METRICS_TOKEN in these tests: the CLI reads it from the environment, Prometheus from a file. */
const METRICS_TOKEN = 'metrics-token-for-the-load-tests';

function cli(args: string[], onStderr?: (text: string, child: ReturnType<typeof spawn>) => void, env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, METRICS_TOKEN, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      onStderr?.(stderr, child);
    });
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('bengkel-load against the API on PostgreSQL', { timeout: 180_000 }, () => {
  let database: FreshDatabase;
  let api: ServerProcess;
  let url: string;
  let out: string;
  let token: string;

  before(async () => {
    database = await freshDatabase(adminUrl());
    api = spawnServer({ DATABASE_URL: database.url!, METRICS_TOKEN });
    url = await api.base;
    token = await makeToken(url, 'frontdesk', 'load tests');
    out = mkdtempSync(join(tmpdir(), 'bengkel-load-'));
  });
  after(async () => {
    await api?.stop();
    await database?.drop();
    rmSync(out, { recursive: true, force: true });
  });

  /** Runs the CLI with --url and --out, and reads the report it wrote. */
  async function load(args: string[], onStderr?: Parameters<typeof cli>[1]) {
    const folder = mkdtempSync(join(out, 'run-'));
    const result = await cli([...args, '--url', url, '--out', folder, '--token', token], onStderr);
    const [written] = readdirSync(folder);
    const files = written ? readdirSync(join(folder, written)).sort() : [];
    const read = (name: string) => readFileSync(join(folder, written!, name), 'utf8');
    return { ...result, files, report: written ? (JSON.parse(read('report.json')) as RunReport) : undefined, read };
  }

  test('normal: every request answered 200, the server counting the same, figures from /metrics', async () => {
    const run = await load(['normal', '--requests', '8', '--rate', '20']);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(run.files, ['report.html', 'report.json', 'report.md']);
    const [stage] = run.report!.stages;
    assert.deepEqual(stage!.client.statusCodes, { '200': 8 });
    assert.equal(stage!.server!.requests, 8);
    assert.deepEqual(stage!.server!.statusCodes, { '200': 8 });
    assert.equal(stage!.server!.source, 'API /metrics, scraped every second');
    assert.ok(stage!.server!.cpuMean! > 0 && stage!.server!.memoryPeak! > 10e6 && stage!.server!.dbMean! > 0);
    assert.match(run.stdout, /\| Response time p50 \/ p95 \/ p99 \| [\d.]+ ms \/ [\d.]+ ms \/ [\d.]+ ms \| p95 [\d.]+ ms \| Response time p50 \/ p95 \/ p99 \|/);
    assert.match(run.stdout, /\| Pool waiters at peak \| — \| 0 \| Requests waiting for a connection \|/);
    assert.match(run.stdout, /\*\*Verdict: PASS\*\*/);
    assert.match(run.report!.command, /--token \*\*\*/, 'the command is in the report without its token');
    assert.ok(!run.files.some((name) => run.read(name).includes(token)), 'no report holds the token');
  });

  test('high: users × rounds of POST (unique email) then GET, all created', async () => {
    const run = await load(['high', '--iterations', '20', '--no-progress']);
    assert.equal(run.code, 0, run.stderr);
    const { client, server } = run.report!.stages[0]!;
    assert.deepEqual(client.statusCodes, { '200': 60, '201': 60 });
    assert.deepEqual(server!.statusCodes, { '200': 60, '201': 60 });
    assert.equal(client.s4xx + client.s5xx + client.errors, 0);
  });

  test('high-same-email: one 201, every other POST a 409 — half of all requests — and a 4xx threshold fails the run', async () => {
    const passing = await load(['high-same-email', '--iterations', '20', '--no-progress']);
    assert.equal(passing.code, 0, passing.stderr);
    const stage = passing.report!.stages[0]!;
    assert.deepEqual(stage.client.statusCodes, { '200': 60, '201': 1, '409': 59 });
    assert.equal(stage.rate4xx, 59 / 120);

    const gated = await load(['high-same-email', '--iterations', '5', '--max-4xx-rate', '0.1', '--no-progress']);
    assert.equal(gated.code, 1);
    assert.match(gated.stdout, /4xx rate 50\.0 % \(≤ 10\.0 %\) — \*\*not met\*\*/);
    assert.match(gated.stdout, /\*\*Verdict: FAIL\*\*/);
  });

  test('stress: stages of doubling users, the knee reported; impossible targets fail it', async () => {
    const run = await load(['stress', '--duration', '1s', '--max-users', '4', '--no-progress']);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.deepEqual(run.report!.stages.map((s) => s.users), [1, 2, 4]);
    assert.equal(run.report!.verdict.knee!.users, 4);
    assert.match(run.stdout, /## Stages\n\n\| stage \| users \|/);

    const impossible = await load(['stress', '--duration', '1s', '--max-p95', '0.001', '--no-progress']);
    assert.equal(impossible.code, 1);
    assert.equal(impossible.report!.stages.length, 1);
    assert.equal(impossible.report!.verdict.judged, 'no stage held within the thresholds');
  });

  test('spike: before, spike and after, judged on recovery', async () => {
    const run = await load(['spike', '--users', '1', '--spike-users', '6', '--duration', '1s', '--no-progress']);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(run.report!.stages.map((s) => [s.label, s.users]), [['before', 1], ['spike', 6], ['after', 1]]);
    assert.equal(run.report!.verdict.judged, 'the last stage (after)');
  });

  test('soak for a chosen duration; the HTML report charts it', async () => {
    const run = await load(['soak', '--users', '2', '--duration', '2s', '--no-progress']);
    assert.equal(run.code, 0, run.stderr);
    const stage = run.report!.stages[0]!;
    assert.ok(stage.client.seconds >= 2 && stage.client.seconds < 4, String(stage.client.seconds));
    assert.ok(stage.timeline.length >= 2);
    const page = run.read('report.html');
    assert.equal((page.match(/<svg /g) ?? []).length, 3);
    assert.match(page, /aria-label="Requests per second"/);
    assert.match(page, /<polyline fill="none" stroke="#ff7f0e"[^>]* points="[\d.]+,[\d.]+ /);
  });

  test('Ctrl-C stops the run at once and still writes the report of what ran (exit 130)', async () => {
    let signalled = false;
    const started = Date.now();
    const run = await load(['soak', '--users', '2', '--duration', '60s'], (stderr, child) => {
      if (!signalled && /\d+ req\/s · p95/.test(stderr)) {
        signalled = true;
        child.kill('SIGINT');
      }
    });
    assert.ok(signalled, 'no progress line before the interrupt');
    assert.equal(run.code, 130, run.stderr);
    assert.ok(Date.now() - started < 20_000);
    assert.equal(run.report!.interrupted, true);
    assert.ok(run.report!.stages[0]!.client.requests > 0);
    assert.match(run.stdout, /\*\*Verdict: interrupted\*\*/);
  });

  test('bad options and an unreachable API exit 2 with a clear message and write nothing', async () => {
    const bad = await load(['high', '--users', 'many']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^bengkel-load: --users must be a whole number above 0, got "many"\nRun with --help/);
    assert.equal(bad.report, undefined);

    const port = await freePort();
    const unreachable = await cli(['normal', '--url', `http://127.0.0.1:${port}`, '--out', out]);
    assert.equal(unreachable.code, 2);
    assert.match(unreachable.stderr, /cannot reach the API at http:\/\/127\.0\.0\.1:\d+/);

    const anonymous = await cli(['normal', '--url', url, '--out', out], undefined, { BENGKEL_TOKEN: '' });
    assert.equal(anonymous.code, 2);
    assert.match(anonymous.stderr, /the API needs an API token: pass --token or set BENGKEL_TOKEN/);
    const revoked = await cli(['normal', '--url', url, '--out', out, '--token', 'bk_not-a-token']);
    assert.equal(revoked.code, 2);
    assert.match(revoked.stderr, /the API refused the token \(401\)/);

    const help = await cli(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: npm run load -- <scenario> \[options\]/);
  });

  test('with --prometheus, the server figures come from Prometheus queries', async () => {
    const dir = mkdtempSync(join(out, 'prometheus-'));
    const port = await freePort();
    // Prometheus sends the API's METRICS_TOKEN from a file, as the Compose stack's does.
    writeFileSync(join(dir, 'metrics-token'), METRICS_TOKEN);
    writeFileSync(join(dir, 'prometheus.yml'), `global: { scrape_interval: 1s }\nscrape_configs:\n  - job_name: backend\n    authorization: { credentials_file: ${join(dir, 'metrics-token')} }\n    static_configs: [{ targets: ['${new URL(url).host}'] }]\n`);
    const prometheus = await daemon('prometheus', [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`], `http://127.0.0.1:${port}/-/ready`);
    try {
      const promUrl = `http://127.0.0.1:${port}`;
      await eventually('a first scrape', async () => {
        const body = (await (await fetch(`${promUrl}/api/v1/query?query=up`)).json()) as { data: { result: unknown[] } };
        return body.data.result.length ? true : undefined;
      });
      const run = await load(['soak', '--users', '2', '--duration', '4s', '--prometheus', promUrl, '--no-progress']);
      assert.equal(run.code, 0, run.stderr);
      const { server, client } = run.report!.stages[0]!;
      assert.match(server!.source, /^Prometheus http:\/\/127\.0\.0\.1:\d+, over the run's \d+s$/);
      assert.ok(server!.requests! > client.requests * 0.5, `${server!.requests} vs ${client.requests}`);
      assert.ok(server!.memoryPeak! > 10e6 && server!.cpuMean! > 0 && server!.dbP95! > 0);
    } finally {
      await prometheus.stop();
    }
  });
});
