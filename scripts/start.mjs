#!/usr/bin/env node
// `npm start`: builds the web app, then runs the API and the web server together; Ctrl-C or
// SIGTERM stops both. Each can also run alone (npm start -w api).
// Settings come from the environment and from `.env` in the current folder (the repository root
// under npm), if there is one; a variable already set in the environment wins over the file.
// People open only the web server (HOST:WEB_PORT, localhost:8085 by default), which passes /api/
// on to the API; the API itself listens on localhost:PORT only, so HOST=0.0.0.0 opens Bengkel to
// the shop's network without exposing the API's port (/metrics, the docs) to it.

import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

if (existsSync('.env')) process.loadEnvFile('.env');
const REPO = fileURLToPath(new URL('..', import.meta.url));
const apiPort = process.env.PORT || '5000';

execFileSync('npm', ['run', 'build', '--silent', '-w', 'web'], { stdio: 'inherit', cwd: REPO });
const children = [
  // Node itself, not npm, so that signals reach the server.
  spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], { stdio: 'inherit', cwd: `${REPO}api`, env: { ...process.env, HOST: 'localhost', PORT: apiPort } }),
  spawn(process.execPath, ['web/scripts/serve.mjs'], { stdio: 'inherit', cwd: REPO, env: { ...process.env, API_UPSTREAM: process.env.API_UPSTREAM || `localhost:${apiPort}` } }),
];
let stopping = false;
const stop = (code) => {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  Promise.all(children.map((child) => new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r))))).then(() => process.exit(code));
};
for (const child of children) child.once('exit', (code) => stop(code ?? 1));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stop(0));
