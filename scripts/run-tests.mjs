#!/usr/bin/env node
// Runs node's test runner over an explicit list of test files: Node 20 given a folder or a
// quoted glob runs zero .ts files and still exits 0, so the files are listed here, and a run
// that executed no test fails.
//   node scripts/run-tests.mjs <folder> [more folders or files]   (from a workspace)

import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function testFiles(path) {
  if (statSync(path).isFile()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .flatMap((entry) => {
      const full = join(path, entry.name);
      if (entry.isDirectory()) return entry.name === 'helpers' ? [] : testFiles(full);
      return entry.name.endsWith('.test.ts') ? [full] : [];
    })
    .sort();
}

const targets = process.argv.slice(2);
const files = (targets.length ? targets : ['test']).flatMap(testFiles);
if (files.length === 0) {
  console.error('run-tests: no test files found in', targets.join(' '));
  process.exit(1);
}

const concurrency = process.env.TEST_CONCURRENCY ?? '2';
const args = ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', '--test-reporter-destination=stdout'];
let summary = '';
const child = spawn(process.execPath, [...args, ...files], { stdio: ['ignore', 'pipe', 'inherit'] });
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  summary = (summary + chunk.toString()).slice(-4000);
});
child.on('close', (code) => {
  const ran = /ℹ tests (\d+)/.exec(summary);
  if (code === 0 && (!ran || Number(ran[1]) === 0)) {
    console.error('run-tests: the runner executed no test');
    process.exit(1);
  }
  process.exit(code ?? 1);
});
