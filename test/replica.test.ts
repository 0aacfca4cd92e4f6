// The Compose `scale` profile's PostgreSQL scripts, replayed without Docker on a private cluster:
// the primary's init script makes the replication role, and the replica's entrypoint takes a base
// backup of the primary and runs as a hot standby that follows it — the same files Compose mounts.

import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { chownSync, copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { binDir, createCluster, type Cluster } from '@bengkel/testing/cluster';
import { adminQuery, withDatabaseName } from '@bengkel/testing/database';
import { freePort } from '@bengkel/testing/server';
import { eventually, REPO, run } from '@bengkel/testing/tools';

const SCRIPTS = join(REPO, 'deploy/compose/postgres');
const asRoot = process.getuid?.() === 0;

let primary: Cluster;
let replica: ChildProcess | undefined;
let folder: string;

before(async () => {
  primary = await createCluster();
  folder = mkdtempSync(join(tmpdir(), 'bengkel-replica-'));
});
after(async () => {
  if (replica && replica.exitCode === null) {
    // PostgreSQL runs under runuser: stop it the way its own tools do, then runuser ends too.
    const exited = new Promise((r) => replica!.once('exit', r));
    await run('runuser', ['-u', 'postgres', '--', join(binDir(), 'pg_ctl'), '-D', join(folder, 'data'), '-m', 'fast', '-w', 'stop']);
    await exited;
  }
  primary?.destroy();
  rmSync(folder, { recursive: true, force: true });
});

describe('the scale profile\'s replica, replayed natively', { skip: !asRoot && !process.env.CI && 'needs root (runs PostgreSQL as the postgres user)' }, () => {
  test('the init script makes the replication role; the replica script backs up the primary and follows it', async () => {
    const env = { ...process.env, PATH: `${binDir()}:${process.env.PATH}`, PGHOST: '127.0.0.1', PGPORT: String(primary.port), PGUSER: 'postgres' };
    const init = await run('sh', [join(SCRIPTS, '20-replication-role.sh')], {
      env: { ...env, POSTGRES_USER: 'postgres', POSTGRES_DB: 'postgres', PGDATA: primary.dataDir, REPLICATION_PASSWORD: 'test-only' },
    });
    assert.equal(init.code, 0, init.stderr);
    const role = await adminQuery("select rolreplication, rolcanlogin from pg_roles where rolname = 'replicator'", primary.url);
    assert.deepEqual(role.rows, [{ rolreplication: true, rolcanlogin: true }]);

    const data = join(folder, 'data');
    const port = await freePort();
    const uid = Number((await run('id', ['-u', 'postgres'])).stdout.trim());
    chownSync(folder, uid, uid);
    // The postgres user runs the script: a copy in its own folder, since the checkout may sit in a
    // folder only root can enter (a clone in mktemp -d's, say).
    const script = join(folder, 'replica.sh');
    copyFileSync(join(SCRIPTS, 'replica.sh'), script);
    chownSync(script, uid, uid);
    replica = spawn('runuser', ['-u', 'postgres', '--', 'sh', script], {
      env: { ...env, PGDATA: data, PGPORT: String(port), PRIMARY_HOST: '127.0.0.1', PRIMARY_PORT: String(primary.port), REPLICATION_PASSWORD: 'test-only' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    replica.stdout!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
    replica.stderr!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
    const replicaUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
    // A base backup and a first start: seconds here, but minutes on a CI machine busy with another
    // test file (an image build beside it); what the replica said is kept for a failure.
    await eventually('the replica answers', async () => (await adminQuery('select 1', replicaUrl).then(() => true, () => false)) || undefined, 180_000).catch((error: Error) => {
      throw new Error(`${error.message}; the replica said:\n${output}`);
    });
    const recovering = await adminQuery('select pg_is_in_recovery() as recovering', replicaUrl);
    assert.equal(recovering.rows[0].recovering, true);

    await adminQuery('create database bengkel', primary.url);
    await adminQuery("create table workshop (name text); insert into workshop values ('Bengkel Jaya')", withDatabaseName(primary.url, 'bengkel'));
    const rows = await eventually('the write reaches the replica', async () => {
      const result = await adminQuery('select name from workshop', withDatabaseName(replicaUrl, 'bengkel')).catch(() => undefined);
      return result?.rows.length ? result.rows : undefined;
    });
    assert.deepEqual(rows, [{ name: 'Bengkel Jaya' }]);
    const slots = await adminQuery("select active from pg_replication_slots where slot_name = 'bengkel_replica'", primary.url);
    assert.deepEqual(slots.rows, [{ active: true }], 'the replica streams through its slot');
  });
});
