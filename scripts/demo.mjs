#!/usr/bin/env node
// `npm run demo`: fills an empty workshop with a sample one (api/src/demo/: Bengkel Maju Jaya, its
// customers, vehicles, three months of work, today's jobs, invoices and reminders), then starts
// Bengkel exactly as `npm start` does (scripts/start.mjs), with the same .env and environment.
// The fill runs first, in a process of its own that closes the database before the server opens
// it: an embedded PGlite data folder can be open in one process only. Nothing starts, and the
// exit code is 1, when the database already holds customers, vehicles or services (nothing is
// written then), or when something already listens on the API's port (a running Bengkel would
// have the database open).

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';

if (existsSync('.env')) process.loadEnvFile('.env');
const REPO = fileURLToPath(new URL('..', import.meta.url));
const apiPort = Number(process.env.PORT || '5000');

const listening = (port) =>
  new Promise((resolve) => {
    const socket = connect({ port, host: 'localhost' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

if (apiPort > 0 && (await listening(apiPort))) {
  console.error(`npm run demo: something already listens on localhost:${apiPort} (PORT). Is Bengkel running? Stop it first: the demo starts it itself.`);
  process.exit(1);
}
// Node itself in the API's folder, as npm start runs the server: DATA_DIR means the same folder.
const fill = spawnSync(process.execPath, ['--import', 'tsx', 'src/demo/main.ts'], { stdio: 'inherit', cwd: `${REPO}api` });
if (fill.status !== 0) process.exit(fill.status ?? 1);
await import('./start.mjs');
