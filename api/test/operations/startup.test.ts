// Starting the real server: configuration errors stop it with a message naming the variable;
// with no DATABASE_URL it keeps its data in an embedded PGlite folder across restarts; two
// processes starting on one new database migrate it once, safely, and make the first owner
// (ADMIN_EMAIL) once.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { bearer, makeToken } from '@bengkel/testing/accounts';
import { adminUrl } from '@bengkel/testing/database';
import { spawnServer as run } from '@bengkel/testing/server';
import { freshDatabase } from '../helpers/database.ts';

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
      assert.match(first.output(), /created the first owner from ADMIN_EMAIL/);
      const token = await makeToken(base);
      const created = await fetch(`${base}/api/customers`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...bearer(token) },
        body: JSON.stringify({ name: 'Kept Across Restarts' }),
      });
      assert.equal(created.status, 201);
      assert.equal(await first.stop(), 0);

      const second = run({ DATA_DIR: dataDir });
      const again = await second.base;
      assert.doesNotMatch(second.output(), /created the first owner/, 'the owner is made once');
      const list = (await (await fetch(`${again}/api/customers`, { headers: bearer(token) })).json()) as { items: { name: string }[] };
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
      // Both were told to create the first owner: one did, and only one owner exists.
      const owners = servers.filter((s) => /created the first owner/.test(s.output()));
      assert.equal(owners.length, 1);
      const token = await makeToken(bases[0]!);
      const created = await fetch(`${bases[1]}/api/customers`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...bearer(token) },
        body: JSON.stringify({ name: 'Both Up' }),
      });
      assert.equal(created.status, 201);
      assert.deepEqual(await Promise.all(servers.map((s) => s.stop())), [0, 0]);
    } finally {
      await fresh.drop();
    }
  });
});
