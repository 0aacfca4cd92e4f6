// Runbook steps are commands: what a runbook greps the backend's logs for must be something the
// API writes. Each pattern is tried on real log lines (from an app whose database has gone
// away, answering 503s) and on the messages the API's source logs (load shedding cannot be
// provoked cheaply here, so its message is looked up where the code writes it).

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { ownerEnv } from '@bengkel/testing/accounts';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { OWNER, sessionHeaders } from '../helpers/app.ts';
import { freshDatabase, type FreshDatabase } from '../helpers/database.ts';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const RUNBOOKS = join(REPO, 'docs/runbooks');

/** `grep [-iE…] 'pattern'` on backend logs, from every runbook. */
function backendGreps(): { runbook: string; pattern: RegExp }[] {
  return readdirSync(RUNBOOKS)
    .filter((file) => file.endsWith('.md'))
    .flatMap((file) =>
      readFileSync(join(RUNBOOKS, file), 'utf8')
        .split('\n')
        .filter((line) => /logs\b.*\bbackend\b/.test(line))
        .flatMap((line) => [...line.matchAll(/grep((?:\s+-[a-zA-Z]+)*)\s+'([^']+)'/g)])
        .map((match) => ({ runbook: file, pattern: new RegExp(match[2]!, /i/.test(match[1] ?? '') ? 'i' : '') })),
    );
}

function sourceText(dir: string): string {
  return readdirSync(dir, { withFileTypes: true })
    .map((entry) => (entry.isDirectory() ? sourceText(join(dir, entry.name)) : entry.name.endsWith('.ts') ? readFileSync(join(dir, entry.name), 'utf8') : ''))
    .join('\n');
}

const lines: string[] = [];
let fresh: FreshDatabase;
before(async () => {
  fresh = await freshDatabase();
  const config = loadConfig({ LOG_LEVEL: 'info', ...ownerEnv });
  const database = await fresh.open();
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const app = await buildApp({ config, database, logger: { level: 'info', stream } });
  await app.ready();
  // Signed in, so that the requests reach the database (and fail there as in an outage).
  const headers = await sessionHeaders(app, OWNER.email, OWNER.password);
  await app.inject({ method: 'GET', url: '/api/customers', headers });
  await database.close();
  await app.inject({ method: 'GET', url: '/api/ready' });
  await app.inject({ method: 'GET', url: '/api/customers', headers: { authorization: 'Bearer bk_any' } });
  await app.inject({ method: 'GET', url: '/api/customers', headers });
  await app.close().catch(() => {});
});
after(() => fresh.drop().catch(() => {}));

describe('runbooks', () => {
  test('every pattern a runbook greps the backend logs for is what the API writes', () => {
    const greps = backendGreps();
    assert.ok(greps.length >= 3, `found ${greps.length} backend log searches`);
    const source = sourceText(join(REPO, 'api/src'));
    for (const { runbook, pattern } of greps) {
      const inLogs = lines.some((line) => pattern.test(line));
      assert.ok(inLogs || pattern.test(source), `${runbook}: nothing the API writes matches ${pattern}`);
    }
  });

  test('the real logs of an outage are found by the runbooks that look for them', () => {
    const find = (runbook: string) => backendGreps().filter((grep) => grep.runbook === runbook);
    for (const runbook of ['BackendHighErrorRatio.md', 'BackendNotReady.md']) {
      const greps = find(runbook);
      assert.ok(greps.length > 0, runbook);
      for (const { pattern } of greps) assert.ok(lines.some((line) => pattern.test(line)), `${runbook}: ${pattern} finds no real log line`);
    }
  });
});
