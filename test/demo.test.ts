// `npm run demo` (scripts/demo.mjs) for real, as the README says to run it: it fills an empty
// database with the sample workshop, prints the owner's sign-in, and starts Bengkel as `npm start`
// does; while Bengkel runs it will not start a second one; on a database that is no longer empty
// it refuses, exits 1, writes nothing and starts nothing.

import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sessionHeaders } from '@bengkel/testing/accounts';
import { adminQuery, freshDatabase, type FreshDatabase } from '@bengkel/testing/database';
import { freePort, waitForHttp } from '@bengkel/testing/server';
import { REPO } from '@bengkel/testing/tools';

let database: FreshDatabase;
let demo: ChildProcess;
let output = '';
const dir = mkdtempSync(join(tmpdir(), 'bengkel-demo-'));
const ports = { api: 0, web: 0 };
let env: NodeJS.ProcessEnv;

/** Runs scripts/demo.mjs to its end: its exit code and what it printed. */
function runDemo(): Promise<{ code: number | null; output: string }> {
  const run = spawn(process.execPath, [join(REPO, 'scripts/demo.mjs')], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  run.stdout!.on('data', (chunk: Buffer) => (text += chunk));
  run.stderr!.on('data', (chunk: Buffer) => (text += chunk));
  return new Promise((resolve) => run.once('exit', (code) => resolve({ code, output: text })));
}

const rows = async () => {
  const counts = await adminQuery('select (select count(*) from customers) as customers, (select count(*) from services) as services, (select count(*) from audit_log) as audit, (select count(*) from users) as users', database.url);
  return counts.rows[0] as Record<string, string>;
};

before(async () => {
  database = await freshDatabase();
  [ports.api, ports.web] = [await freePort(), await freePort()];
  env = { ...process.env, PORT: String(ports.api), WEB_PORT: String(ports.web), HOST: '127.0.0.1', DATABASE_URL: database.url, LOG_LEVEL: 'warn' };
  for (const name of ['ADMIN_EMAIL', 'ADMIN_PASSWORD', 'API_UPSTREAM', 'API_BASE_URL', 'DATA_DIR']) delete env[name];
  demo = spawn(process.execPath, [join(REPO, 'scripts/demo.mjs')], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  demo.stdout!.on('data', (chunk: Buffer) => (output += chunk));
  demo.stderr!.on('data', (chunk: Buffer) => (output += chunk));
  const exited = () => (demo.exitCode !== null ? new Error(`npm run demo exited: ${output}`) : undefined);
  await waitForHttp(`http://127.0.0.1:${ports.web}/api/health`, 180_000, exited);
});
after(async () => {
  if (demo.exitCode === null) {
    demo.kill('SIGTERM');
    await new Promise((resolve) => demo.once('exit', resolve));
  }
  rmSync(dir, { recursive: true, force: true });
  await database?.drop();
});

describe('npm run demo', () => {
  test('fills the workshop, prints the owner\'s sign-in, and serves it on the web app', async () => {
    const password = /owner\s+Hendra Wijaya\s+pemilik@majujaya\.test\s+(\S+)/.exec(output)?.[1];
    assert.ok(password, `the owner's password is printed:\n${output}`);
    const web = `http://127.0.0.1:${ports.web}`;
    const headers = await sessionHeaders(web, { email: 'pemilik@majujaya.test', password });
    const stats = (await (await fetch(`${web}/api/stats`, { headers })).json()) as { customers: number; services: Record<string, number> };
    assert.equal(stats.customers, 25);
    assert.ok(stats.services.scheduled! > 0 && stats.services.in_progress! > 0 && stats.services.completed! > 0);
  });

  test('will not start a second Bengkel beside the running one', async () => {
    const second = await runDemo();
    assert.equal(second.code, 1, second.output);
    assert.match(second.output, new RegExp(`already listens on localhost:${ports.api}`));
  });

  test('refuses on the filled database once stopped: exit 1, nothing written, nothing started', async () => {
    demo.kill('SIGTERM');
    await new Promise((resolve) => (demo.exitCode !== null ? resolve(undefined) : demo.once('exit', resolve)));
    const before = await rows();
    const again = await runDemo();
    assert.equal(again.code, 1, again.output);
    assert.match(again.output, /refused\. The demo fills an empty workshop only.*already holds 25 customers.*Nothing was written/s);
    assert.deepEqual(await rows(), before);
    await assert.rejects(fetch(`http://127.0.0.1:${ports.web}/`), 'nothing serves the web app');
  });
});
