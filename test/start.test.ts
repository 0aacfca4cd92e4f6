// `npm start` (scripts/start.mjs) for real: it reads .env from the folder it is started in, lets
// the environment win over the file, serves the web app on HOST:WEB_PORT and passes /api/ on to
// the API wherever PORT put it — so changing PORT no longer breaks the page.

import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { OWNER, sessionHeaders } from '@bengkel/testing/accounts';
import { freshDatabase, type FreshDatabase } from '@bengkel/testing/database';
import { freePort, waitForHttp } from '@bengkel/testing/server';
import { REPO } from '@bengkel/testing/tools';

let database: FreshDatabase;
let start: ChildProcess;
let output = '';
const dir = mkdtempSync(join(tmpdir(), 'bengkel-start-'));
const ports = { api: 0, webInFile: 0, webInEnvironment: 0 };

before(async () => {
  database = await freshDatabase();
  [ports.api, ports.webInFile, ports.webInEnvironment] = [await freePort(), await freePort(), await freePort()];
  writeFileSync(
    join(dir, '.env'),
    [
      `PORT=${ports.api}`, `WEB_PORT=${ports.webInFile}`, 'HOST=127.0.0.1', `DATABASE_URL=${database.url}`, 'CURRENCY=EUR', 'LOG_LEVEL=warn',
      `ADMIN_EMAIL=${OWNER.email}`, `ADMIN_PASSWORD=${OWNER.password}`, '',
    ].join('\n'),
  );
  const env: NodeJS.ProcessEnv = { ...process.env, WEB_PORT: String(ports.webInEnvironment) };
  for (const name of ['PORT', 'HOST', 'DATABASE_URL', 'CURRENCY', 'API_BASE_URL', 'API_UPSTREAM', 'ADMIN_EMAIL', 'ADMIN_PASSWORD']) delete env[name];
  start = spawn(process.execPath, [join(REPO, 'scripts/start.mjs')], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  start.stdout!.on('data', (chunk: Buffer) => (output += chunk));
  start.stderr!.on('data', (chunk: Buffer) => (output += chunk));
  const exited = () => (start.exitCode !== null ? new Error(`npm start exited: ${output}`) : undefined);
  await waitForHttp(`http://127.0.0.1:${ports.webInEnvironment}/api/health`, 90_000, exited);
});
after(async () => {
  if (start.exitCode === null) {
    start.kill('SIGTERM');
    await new Promise((resolve) => start.once('exit', resolve));
  }
  rmSync(dir, { recursive: true, force: true });
  await database?.drop();
});

describe('npm start', () => {
  test('runs the API on the PORT from .env, with its owner from .env, and the web server passes /api/ on to it', async () => {
    const direct = await fetch(`http://localhost:${ports.api}/api/health`);
    assert.equal(direct.status, 200);
    const web = `http://127.0.0.1:${ports.webInEnvironment}`;
    assert.equal((await fetch(`${web}/api/customers`)).status, 401, 'not without signing in');
    // Signed in through the web server, as the page is: its cookie works on the same origin.
    const proxied = await fetch(`${web}/api/customers`, { headers: await sessionHeaders(web) });
    assert.equal(proxied.status, 200);
    assert.deepEqual(Object.keys((await proxied.json()) as object).sort(), ['items', 'limit', 'offset', 'total']);
  });

  test('serves the app with config.js from .env (CURRENCY), calling /api/ on its own origin', async () => {
    const config = await (await fetch(`http://127.0.0.1:${ports.webInEnvironment}/config.js`)).text();
    assert.match(config, /apiBaseUrl: '', currency: 'EUR'/);
  });

  test('lets a variable set in the environment win over .env (WEB_PORT)', async () => {
    await assert.rejects(fetch(`http://127.0.0.1:${ports.webInFile}/`), 'nothing listens on the WEB_PORT of .env');
  });

  test('keeps the API on localhost: HOST is the web server\'s address only', async () => {
    assert.match(output, new RegExp(`web: http://127\\.0\\.0\\.1:${ports.webInEnvironment} \\(/api/ → localhost:${ports.api}\\)`));
    // On this machine's own network address (if it has one) the API's port is closed.
    const address = Object.values(networkInterfaces()).flat().find((a) => a && !a.internal && a.family === 'IPv4')?.address;
    if (address) await assert.rejects(fetch(`http://${address}:${ports.api}/api/health`), `the API answers on ${address}`);
  });
});
