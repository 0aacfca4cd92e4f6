// The real API server (api/src/server.ts) as a child process, for tests of what only a process
// shows (start-up, configuration errors, signals) and for other workspaces' tests that need a
// running API; plus free ports and waiting for an HTTP endpoint, which any spawned daemon needs.

import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { ownerEnv } from './accounts.ts';

const SERVER = fileURLToPath(new URL('../../api/src/server.ts', import.meta.url));

export interface ServerProcess {
  child: ChildProcess;
  /** The base URL once it listens; rejects if it exits first. */
  base: Promise<string>;
  exited: Promise<number | null>;
  output(): string;
  stop(): Promise<number | null>;
}

/**
 * Starts the server on a free port with `env` over a clean environment (no DATABASE_URL unless
 * given), its first owner OWNER (testing/src/accounts.ts) unless `env` says otherwise.
 */
export function spawnServer(env: Record<string, string>): ServerProcess {
  const clean = { ...process.env };
  delete clean.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', SERVER], {
    env: { ...clean, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...ownerEnv, ...env },
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
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    child.on('exit', () => reject(new Error(`server exited: ${output}`)));
  });
  base.catch(() => {});
  return {
    child,
    base,
    exited,
    output: () => output,
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

/** A TCP port free on 127.0.0.1 right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/**
 * Waits until `url` answers 2xx. Fails after `timeoutMs`, or at once with the error `failed`
 * returns (say, the process meant to serve it has exited).
 */
export async function waitForHttp(url: string, timeoutMs = 30_000, failed: () => Error | undefined = () => undefined): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const error = failed();
    if (error) throw error;
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not come up within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
