// The references the API's list is measured against in the same run, each a process of its own:
// a bare Fastify + pg handler with the API's own SQL (what our stack costs), and the original
// design — Flask + Flask-SQLAlchemy under gunicorn's synchronous workers (what we replace).

import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { waitForHttp } from '@bengkel/testing/server';

export async function startBare(port: number, databaseUrl: string, statement: string): Promise<ChildProcess> {
  const bare = fileURLToPath(new URL('./bare-server.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', bare, String(port), databaseUrl, process.env.DB_POOL_MAX ?? '8', statement], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  await waitForHttp(`http://127.0.0.1:${port}/api/vehicles`);
  return child;
}

/** gunicorn's recommended worker count for this machine's 2 cores: 2 × cores + 1. */
const FLASK_WORKERS = 5;

export async function startFlask(port: number, databaseUrl: string): Promise<ChildProcess> {
  const folder = fileURLToPath(new URL('./flask', import.meta.url));
  const url = new URL(databaseUrl);
  url.protocol = 'postgresql:';
  const child = spawn('/usr/bin/gunicorn', ['--workers', String(FLASK_WORKERS), '--bind', `127.0.0.1:${port}`, '--chdir', folder, '--log-level', 'warning', 'app:app'], {
    env: { ...process.env, DATABASE_URL: url.toString() },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  await waitForHttp(`http://127.0.0.1:${port}/api/vehicles?limit=1`);
  return child;
}
