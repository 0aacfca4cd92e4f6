// Running the tools tests and scripts exercise: one-shot commands (promtool, amtool,
// docker-compose) and daemons (Prometheus, exporters, Alertmanager, a compiled API) started on
// loopback ports and stopped when the test ends; polling until something holds; the repository's
// root and its Compose file.

import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { waitForHttp } from './server.ts';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));

/** docker-compose.yml as written, YAML merge keys applied (docker-compose config resolves more). */
export function composeFile<T>(): T {
  return parse(readFileSync(join(REPO, 'docker-compose.yml'), 'utf8'), { merge: true }) as T;
}

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end; never throws for a non-zero exit (the test asserts on `code`). */
export function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = execFile(command, args, { cwd: options.cwd ?? REPO, env: options.env ?? process.env, maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') return reject(error);
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
    if (options.input !== undefined) child.stdin!.end(options.input);
  });
}

export interface Daemon {
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** Starts a long-running process and resolves once `readyUrl` answers 2xx (or rejects with its output). */
export async function daemon(command: string, args: string[], readyUrl: string, options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<Daemon> {
  const child = spawn(command, args, { cwd: options.cwd ?? REPO, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const handle: Daemon = {
    child,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
  try {
    await waitForHttp(readyUrl, 20_000, () => (child.exitCode !== null ? new Error(`${command} exited with ${child.exitCode}`) : undefined));
  } catch (error) {
    await handle.stop();
    throw new Error(`${command} did not become ready at ${readyUrl}: ${(error as Error).message}\n${output}`, { cause: error });
  }
  return handle;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns a value other than undefined, or fails after `ms`. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}
