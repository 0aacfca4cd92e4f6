// A private PostgreSQL server for tests that must stop and start the database (outage and
// recovery) and for experiments that need server settings of their own. It runs from the
// machine's PostgreSQL binaries in a temporary folder, on a free port, as the postgres user when
// the tests run as root (PostgreSQL refuses to run as root).

import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './server.ts';

export function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  for (const version of versions) if (existsSync(join(root, version, 'bin', 'initdb'))) return join(root, version, 'bin');
  throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql (apt-get install postgresql)');
}

export interface Cluster {
  url: string;
  port: number;
  /** The data folder (PGDATA), owned by the postgres user when the tests run as root. */
  dataDir: string;
  start(): void;
  stop(): void;
  destroy(): void;
}

interface Runner {
  (tool: string, args: string[]): Buffer;
}

function runner(): Runner {
  const bin = binDir();
  const asRoot = process.getuid?.() === 0;
  return (tool, args) =>
    execFileSync(asRoot ? 'runuser' : join(bin, tool), asRoot ? ['-u', 'postgres', '--', join(bin, tool), ...args] : args, {
      stdio: 'pipe',
      timeout: 60_000,
    });
}

/** A folder the postgres user owns when the tests run as root. */
function ownedFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bengkel-pg-'));
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, uid);
  }
  return dir;
}

/** pg_ctl start/stop of the data folder `data` under `dir`, listening on `port`. */
function server(dir: string, port: number, settings: string): Cluster {
  const run = runner();
  const data = join(dir, 'data');
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off ${settings}`;
  let running = false;
  const cluster: Cluster = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    dataDir: data,
    start() {
      if (running) return;
      run('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', '-t', '30', 'start']);
      running = true;
    },
    stop() {
      if (running) run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      running = false;
    },
    destroy() {
      try {
        cluster.stop();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
  return cluster;
}

/** `maxConnections` is PostgreSQL's max_connections (3 of them reserved for superusers). */
export async function createCluster({ maxConnections = 40 }: { maxConnections?: number } = {}): Promise<Cluster> {
  const dir = ownedFolder();
  runner()('initdb', ['-D', join(dir, 'data'), '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  const cluster = server(dir, await freePort(), `-c max_connections=${maxConnections}`);
  cluster.start();
  return cluster;
}

/**
 * A streaming replica of `primary` (a cluster from createCluster, whose pg_hba trusts local
 * replication), in hot standby, applying the primary's WAL `applyDelayMs` late.
 */
export async function createReplica(primary: Cluster, { applyDelayMs = 0 }: { applyDelayMs?: number } = {}): Promise<Cluster> {
  const dir = ownedFolder();
  runner()('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primary.port), '-U', 'postgres', '-D', join(dir, 'data'), '-R', '-X', 'stream', '--no-sync', '--checkpoint=fast']);
  const replica = server(dir, await freePort(), `-c hot_standby=on -c recovery_min_apply_delay=${applyDelayMs}ms -c max_connections=40`);
  replica.start();
  return replica;
}
