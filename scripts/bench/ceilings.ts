// The two ceilings an API figure is compared with, measured in the same run on the same
// machine: nginx serving a static file with the bytes of one vehicles page (what HTTP alone
// costs here), and pgbench running the API's own list query (what the database alone can do).

import { execFile, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { waitForHttp } from '@bengkel/testing/server';
import { load, type LoadResult } from './load.ts';

const run = promisify(execFile);

export async function httpCeiling(page: string, port: number, connections: number, seconds: number): Promise<LoadResult> {
  const dir = mkdtempSync(join(tmpdir(), 'bengkel-nginx-'));
  chmodSync(dir, 0o755); // nginx workers run as an unprivileged user when started as root
  writeFileSync(join(dir, 'vehicles.json'), page, { mode: 0o644 });
  writeFileSync(
    join(dir, 'nginx.conf'),
    `worker_processes auto;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
daemon off;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  default_type application/json;
  server { listen 127.0.0.1:${port}; root ${dir}; }
}
`,
  );
  const nginx = spawn('nginx', ['-e', `${dir}/error.log`, '-c', join(dir, 'nginx.conf')], { stdio: 'ignore' });
  try {
    await waitForHttp(`http://127.0.0.1:${port}/vehicles.json`);
    return await load({ label: 'nginx static page (HTTP ceiling)', url: `http://127.0.0.1:${port}/vehicles.json`, connections, seconds });
  } finally {
    nginx.kill('SIGQUIT');
    await new Promise((r) => nginx.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

/** node:http answering the page's bytes from memory (bare-http.ts), in a process of its own. */
export async function nodeCeiling(page: string, port: number, connections: number, seconds: number): Promise<LoadResult> {
  const dir = mkdtempSync(join(tmpdir(), 'bengkel-node-'));
  writeFileSync(join(dir, 'page.json'), page);
  const server = spawn(process.execPath, ['--import', 'tsx', new URL('./bare-http.ts', import.meta.url).pathname, String(port), join(dir, 'page.json')], { stdio: 'ignore' });
  try {
    await waitForHttp(`http://127.0.0.1:${port}/`);
    return await load({ label: 'node:http, same bytes from memory (Node ceiling)', url: `http://127.0.0.1:${port}/api/vehicles`, connections, seconds });
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface DatabaseCeiling {
  transactionsPerSecond: number;
  meanLatencyMs: number;
  clients: number;
}

/** pgbench, prepared statements, the given SQL as its only transaction. */
export async function databaseCeiling(url: string, statement: string, clients: number, seconds: number): Promise<DatabaseCeiling> {
  const dir = mkdtempSync(join(tmpdir(), 'bengkel-pgbench-'));
  try {
    const script = join(dir, 'list.sql');
    writeFileSync(script, `${statement.replace(/\s+/g, ' ')};\n`);
    const { stdout } = await run('pgbench', ['-n', '-M', 'prepared', '-c', String(clients), '-j', '2', '-T', String(seconds), '-f', script, url], {
      maxBuffer: 10 * 1024 * 1024,
    });
    const tps = /tps = ([\d.]+)/.exec(stdout);
    const latency = /latency average = ([\d.]+) ms/.exec(stdout);
    if (!tps) throw new Error(`pgbench printed no tps:\n${stdout}`);
    return { transactionsPerSecond: Number(tps[1]), meanLatencyMs: Number(latency?.[1] ?? NaN), clients };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
