// Starting the real server: configuration errors stop it with a message naming the variable;
// with no DATABASE_URL it keeps its data in an embedded PGlite folder across restarts; two
// processes starting on one new database migrate it once, safely.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { adminUrl, freshDatabase } from '../helpers/database.ts';

const SERVER = fileURLToPath(new URL('../../src/server.ts', import.meta.url));

interface Running {
  base: Promise<string>;
  output: () => string;
  stop(): Promise<number | null>;
  exited: Promise<number | null>;
}

function run(env: Record<string, string>): Running {
  const clean = { ...process.env };
  delete clean.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', SERVER], {
    env: { ...clean, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const base = new Promise<string>((resolve, reject) => {
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) resolve(match[1]!);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('exit', () => reject(new Error(`exited: ${output}`)));
  });
  base.catch(() => {});
  return {
    base,
    exited,
    output: () => output,
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

describe('start-up', () => {
  test('a bad variable stops start-up with exit 2 and a message naming it', async () => {
    const server = run({ DB_POOL_MAX: 'many' });
    assert.equal(await server.exited, 2);
    assert.match(server.output(), /DB_POOL_MAX must be a whole number/);
  });

  test('with no DATABASE_URL, data lives in PGlite under DATA_DIR and survives a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bengkel-data-'));
    try {
      const first = run({ DATA_DIR: dataDir });
      const base = await first.base;
      assert.match(first.output(), new RegExp(`embedded PGlite in ${dataDir}`));
      const created = await fetch(`${base}/api/customers`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Kept Across Restarts' }),
      });
      assert.equal(created.status, 201);
      assert.equal(await first.stop(), 0);

      const second = run({ DATA_DIR: dataDir });
      const again = await second.base;
      const list = (await (await fetch(`${again}/api/customers`)).json()) as { items: { name: string }[] };
      assert.deepEqual(list.items.map((c) => c.name), ['Kept Across Restarts']);
      assert.equal(await second.stop(), 0);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test('two processes starting at once on a new database both come up, migrated once', async () => {
    const fresh = await freshDatabase(adminUrl());
    try {
      const servers = [run({ DATABASE_URL: fresh.url! }), run({ DATABASE_URL: fresh.url! })];
      const bases = await Promise.all(servers.map((s) => s.base));
      for (const base of bases) assert.equal((await fetch(`${base}/api/ready`)).status, 200);
      assert.match(servers[0]!.output(), /PostgreSQL at 127\.0\.0\.1:5432/);
      const created = await fetch(`${bases[1]}/api/customers`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Both Up' }),
      });
      assert.equal(created.status, 201);
      assert.deepEqual(await Promise.all(servers.map((s) => s.stop())), [0, 0]);
    } finally {
      await fresh.drop();
    }
  });
});
