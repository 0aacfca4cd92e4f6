// A private PgBouncer (Debian's, 1.18) in transaction pooling in front of a PostgreSQL server, for
// tests and experiments that restart the pooler or squeeze many API connections into a few server
// connections. It runs as the postgres user when the tests run as root (PgBouncer refuses root),
// accepts any database name and trusts the user postgres, as the test servers do.

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './server.ts';

export interface PgBouncer {
  /** postgres://postgres@127.0.0.1:<port>/postgres (swap the database name with withDatabaseName). */
  url: string;
  port: number;
  start(): Promise<void>;
  /** Ends it at once (SIGKILL): every client connection breaks. */
  kill(): Promise<void>;
  destroy(): Promise<void>;
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function startPgBouncer(serverPort: number, { poolSize = 10, maxClients = 1000 }: { poolSize?: number; maxClients?: number } = {}): Promise<PgBouncer> {
  const dir = mkdtempSync(join(tmpdir(), 'bengkel-pgbouncer-'));
  const port = await freePort();
  writeFileSync(join(dir, 'userlist.txt'), '"postgres" ""\n');
  writeFileSync(
    join(dir, 'pgbouncer.ini'),
    `[databases]
* = host=127.0.0.1 port=${serverPort}
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = ${port}
unix_socket_dir =
auth_type = trust
auth_file = ${dir}/userlist.txt
pool_mode = transaction
default_pool_size = ${poolSize}
max_client_conn = ${maxClients}
ignore_startup_parameters = extra_float_digits
query_timeout = 16
admin_users = postgres
`,
  );
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    for (const file of ['', 'userlist.txt', 'pgbouncer.ini']) chownSync(join(dir, file), uid, uid);
  }
  let child: ChildProcess | undefined;
  const bouncer: PgBouncer = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    async start() {
      if (child) return;
      const args = [join(dir, 'pgbouncer.ini')];
      child = asRoot ? spawn('runuser', ['-u', 'postgres', '--', 'pgbouncer', ...args], { stdio: 'ignore' }) : spawn('pgbouncer', args, { stdio: 'ignore' });
      for (let i = 0; i < 100 && !(await listening(port)); i++) await new Promise((r) => setTimeout(r, 50));
    },
    async kill() {
      if (!child) return;
      const exited = once(child, 'exit');
      // Under runuser, PgBouncer is runuser's child: a SIGKILL to runuser would not reach it.
      try {
        execFileSync('pkill', ['-KILL', '-f', `pgbouncer ${join(dir, 'pgbouncer.ini')}`], { stdio: 'ignore' });
      } catch {
        // already gone
      }
      child.kill('SIGKILL');
      await exited;
      for (let i = 0; i < 50 && (await listening(port)); i++) await new Promise((r) => setTimeout(r, 20));
      child = undefined;
    },
    async destroy() {
      await bouncer.kill().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await bouncer.start();
  return bouncer;
}
