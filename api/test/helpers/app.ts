// Builds the real app on a fresh database for a test file: `inject` for most tests, `listen`
// when a test needs real sockets (races, shutdown).

import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { freshDatabase, type FreshDatabase } from './database.ts';

export interface TestApp {
  app: FastifyInstance;
  fresh: FreshDatabase;
  config: Config;
  inject(options: InjectOptions): Promise<LightMyRequestResponse>;
  /** JSON request helpers that return status, headers and the parsed body. */
  get(url: string): Promise<Reply>;
  post(url: string, body: unknown): Promise<Reply>;
  put(url: string, body: unknown): Promise<Reply>;
  patch(url: string, body: unknown): Promise<Reply>;
  delete(url: string): Promise<Reply>;
  close(): Promise<void>;
}

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export function toReply(response: LightMyRequestResponse): Reply {
  const text = response.body;
  let body: unknown = text;
  if (text && /json/.test(String(response.headers['content-type'] ?? ''))) body = JSON.parse(text);
  return { status: response.statusCode, headers: response.headers, body };
}

/**
 * With TEST_REDIS_URL set, apps share that Redis as their cache, each database under a prefix
 * of its own (so test files running at once never share answers).
 */
export function cacheEnv(fresh: FreshDatabase): Record<string, string> {
  const redis = process.env.TEST_REDIS_URL;
  return redis ? { REDIS_URL: redis, REDIS_KEY_PREFIX: `bengkel-test:${fresh.url ?? `pglite-${process.pid}-${Math.random()}`}:` } : {};
}

/** The app on a fresh database; `serverUrl` picks a PostgreSQL server other than the test backend. */
export async function startApp(env: Record<string, string> = {}, serverUrl?: string): Promise<TestApp> {
  const fresh = await freshDatabase(serverUrl);
  const config = loadConfig({ LOG_LEVEL: 'silent', ...cacheEnv(fresh), ...env });
  const database = await fresh.open({
    poolMax: config.dbPoolMax,
    poolQueueMax: config.dbPoolQueueMax,
    poolTimeoutMs: config.dbPoolTimeoutMs,
  });
  const app = await buildApp({ config, database, logger: false });
  await app.ready();
  const inject = (options: InjectOptions) => app.inject(options);
  const send = async (method: InjectOptions['method'], url: string, payload?: unknown) =>
    toReply(await inject({ method, url, ...(payload === undefined ? {} : { payload: payload as object }) }));
  return {
    app,
    fresh,
    config,
    inject,
    get: (url) => send('GET', url),
    post: (url, body) => send('POST', url, body),
    put: (url, body) => send('PUT', url, body),
    patch: (url, body) => send('PATCH', url, body),
    delete: (url) => send('DELETE', url),
    close: async () => {
      await app.close();
      await fresh.drop().catch(() => {});
    },
  };
}
