#!/usr/bin/env node
// `npm start`: builds the web app, then runs the API (port 5000) and the web app (port 8085)
// together; Ctrl-C or SIGTERM stops both. Each can also run alone (npm start -w api).

import { execFileSync, spawn } from 'node:child_process';

execFileSync('npm', ['run', 'build', '--silent', '-w', 'web'], { stdio: 'inherit' });
const children = [
  // Node itself, not npm, so that signals reach the server.
  spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], { stdio: 'inherit', cwd: 'api' }),
  spawn(process.execPath, ['web/scripts/serve.mjs'], { stdio: 'inherit' }),
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
