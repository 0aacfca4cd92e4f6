// Bengkel opened from a tablet on the shop's network, for real: a second network namespace on
// this machine plays the tablet, joined to the machine by a veth pair of two private addresses
// and nothing else (no route anywhere beyond them). `npm start` with HOST set to the machine's
// end, and nginx with the container's template on the same address, are each opened by the
// tablet's Chromium; the page's API calls go to its own origin and work, and the API's port
// stays closed to the network. Needs root and iproute2: CI runs as root; elsewhere it skips.

import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { OWNER, ownerEnv } from '@bengkel/testing/accounts';
import { freshDatabase, type FreshDatabase } from '@bengkel/testing/database';
import { freePort, waitForHttp } from '@bengkel/testing/server';
import { REPO } from '@bengkel/testing/tools';
import { startNginx } from './harness.ts';

const TABLET = fileURLToPath(new URL('./tablet.ts', import.meta.url));
const canRun = process.getuid?.() === 0 && hasIp();
const skip = !canRun && process.env.CI !== 'true' ? 'needs root and iproute2 (ip netns)' : false;

function hasIp(): boolean {
  try {
    execFileSync('ip', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

// Names and a /30 of this run's own, so that parallel runs never share them.
const id = process.pid % 60_000;
const netns = `bengkel-tablet-${id}`;
const hostEnd = `bkh${id}`;
const tabletEnd = `bkt${id}`;
const subnet = `10.213.${Math.floor(id / 64) % 250}.${(id % 64) * 4}`;
const serverAddress = subnet.replace(/\d+$/, (n) => String(Number(n) + 1));
const tabletAddress = subnet.replace(/\d+$/, (n) => String(Number(n) + 2));

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });

let database: FreshDatabase | undefined;
let start: ChildProcess | undefined;
let nginx: Awaited<ReturnType<typeof startNginx>> | undefined;
let output = '';
const cwd = mkdtempSync(join(tmpdir(), 'bengkel-shop-'));
const ports = { api: 0, web: 0, nginx: 0 };

describe("a tablet on the shop's network", { skip }, () => {
  before(async () => {
    ip('netns', 'add', netns);
    ip('link', 'add', hostEnd, 'type', 'veth', 'peer', 'name', tabletEnd);
    ip('link', 'set', tabletEnd, 'netns', netns);
    ip('addr', 'add', `${serverAddress}/30`, 'dev', hostEnd);
    ip('link', 'set', hostEnd, 'up');
    ip('-n', netns, 'addr', 'add', `${tabletAddress}/30`, 'dev', tabletEnd);
    ip('-n', netns, 'link', 'set', tabletEnd, 'up');
    ip('-n', netns, 'link', 'set', 'lo', 'up');

    database = await freshDatabase();
    [ports.api, ports.web, ports.nginx] = [await freePort(), await freePort(), await freePort()];
    // npm start as the README says to open it to the shop: HOST is the machine's address there.
    const env: NodeJS.ProcessEnv = { ...process.env, ...ownerEnv, HOST: serverAddress, WEB_PORT: String(ports.web), PORT: String(ports.api), DATABASE_URL: database.url, LOG_LEVEL: 'warn' };
    for (const name of ['API_BASE_URL', 'API_UPSTREAM', 'CORS_ORIGINS']) delete env[name];
    start = spawn(process.execPath, [join(REPO, 'scripts/start.mjs')], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    start.stdout!.on('data', (chunk: Buffer) => (output += chunk));
    start.stderr!.on('data', (chunk: Buffer) => (output += chunk));
    await waitForHttp(`http://${serverAddress}:${ports.web}/api/health`, 90_000, () => (start!.exitCode !== null ? new Error(`npm start exited: ${output}`) : undefined));
    // nginx with the container's template on the same address, in front of the same API.
    nginx = await startNginx(`http://localhost:${ports.api}`, ports.nginx, { host: serverAddress });
  });

  after(async () => {
    nginx?.process.kill('SIGQUIT');
    if (nginx) rmSync(nginx.dir, { recursive: true, force: true });
    if (start && start.exitCode === null) {
      start.kill('SIGTERM');
      await new Promise((resolve) => start!.once('exit', resolve));
    }
    // Deleting the namespace deletes the tablet's end of the pair, and with it the machine's.
    for (const args of [['netns', 'del', netns], ['link', 'del', hostEnd]]) {
      try {
        ip(...args);
      } catch {
        // already gone
      }
    }
    rmSync(cwd, { recursive: true, force: true });
    await database?.drop();
  });

  test('opens Bengkel by the server\'s address, with npm start and with nginx, and saves a customer', () => {
    const findings = execFileSync('ip', ['netns', 'exec', netns, process.execPath, '--import', 'tsx', TABLET, JSON.stringify({
      bases: [`http://${serverAddress}:${ports.web}`, nginx!.base],
      owner: { email: OWNER.email, password: OWNER.password },
      // npm start keeps the API on localhost: the tablet reaches it only through /api/.
      closed: [`http://${serverAddress}:${ports.api}/api/health`],
    })], { cwd: join(REPO, 'web'), encoding: 'utf8', timeout: 120_000 });
    const result = JSON.parse(findings.trim().split('\n').at(-1)!) as Record<string, unknown>;
    assert.deepEqual(result[`http://${serverAddress}:${ports.web}`], { list: 200, create: 201, failures: [] });
    assert.deepEqual(result[nginx!.base], { list: 200, create: 201, failures: [] });
  });

  test('the tablet reaches nothing but the machine\'s end of the pair', () => {
    const routes = execFileSync('ip', ['-n', netns, '-4', 'route'], { encoding: 'utf8' });
    assert.doesNotMatch(routes, /default/);
    assert.deepEqual(routes.trim().split('\n').map((line) => line.split(' ')[0]), [`${subnet}/30`]);
  });
});
