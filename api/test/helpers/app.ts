// Builds the real app on a fresh database for a test file: `inject` for most tests, `listen`
// when a test needs real sockets (races, shutdown). The app starts with its first owner (OWNER,
// from ADMIN_EMAIL and ADMIN_PASSWORD, as automation would) signed in: requests go with that
// session unless a test asks for another role (`as`), for no credentials (`anonymous`), or sets
// its own headers. `startApp({ ADMIN_EMAIL: '', ADMIN_PASSWORD: '' })` starts with no user.

import { OWNER, ownerEnv } from '@bengkel/testing/accounts';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import type { Role } from '../../src/db/schema.ts';
import { freshDatabase, type FreshDatabase } from './database.ts';

export { OWNER };

export interface Client {
  inject(options: InjectOptions): Promise<LightMyRequestResponse>;
  /** JSON request helpers that return status, headers and the parsed body. */
  get(url: string): Promise<Reply>;
  post(url: string, body: unknown): Promise<Reply>;
  put(url: string, body: unknown): Promise<Reply>;
  patch(url: string, body: unknown): Promise<Reply>;
  delete(url: string): Promise<Reply>;
  /** The headers this client sends (for fetch over a real socket). */
  headers: Record<string, string>;
}

export interface TestApp extends Client {
  app: FastifyInstance;
  fresh: FreshDatabase;
  config: Config;
  /** The same app with an API token of this role (made by the owner), or with no credentials. */
  as(role: Role): Promise<Client>;
  anonymous: Client;
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

/** A client of `app` that sends `headers` with every request (a test's own headers win). */
export function client(app: FastifyInstance, headers: Record<string, string>): Client {
  const inject = (options: InjectOptions) => app.inject({ ...options, headers: { ...headers, ...(options.headers ?? {}) } });
  const send = async (method: InjectOptions['method'], url: string, payload?: unknown) =>
    toReply(await inject({ method, url, ...(payload === undefined ? {} : { payload: payload as object }) }));
  return {
    inject,
    headers,
    get: (url) => send('GET', url),
    post: (url, body) => send('POST', url, body),
    put: (url, body) => send('PUT', url, body),
    patch: (url, body) => send('PATCH', url, body),
    delete: (url) => send('DELETE', url),
  };
}

/**
 * The headers of a signed-in browser page: its session cookie, and Sec-Fetch-Site as a browser
 * sends it on its own origin (the CSRF check wants it, or an allowed Origin, on a write).
 */
export async function sessionHeaders(app: FastifyInstance, email: string, password: string): Promise<Record<string, string>> {
  const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
  const cookie = response.cookies.find((c) => c.name === 'bengkel_session');
  if (!cookie) throw new Error(`could not sign in as ${email}: ${response.statusCode} ${response.body}`);
  return { cookie: `bengkel_session=${cookie.value}`, 'sec-fetch-site': 'same-origin' };
}

/** The app on a fresh database; `serverUrl` picks a PostgreSQL server other than the test backend. */
export async function startApp(env: Record<string, string> = {}, serverUrl?: string): Promise<TestApp> {
  const fresh = await freshDatabase(serverUrl);
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    ...ownerEnv,
    ...cacheEnv(fresh),
    ...env,
  });
  const database = await fresh.open({
    poolMax: config.dbPoolMax,
    poolQueueMax: config.dbPoolQueueMax,
    poolTimeoutMs: config.dbPoolTimeoutMs,
  });
  const app = await buildApp({ config, database, logger: false });
  await app.ready();
  const owner = client(app, config.admin ? await sessionHeaders(app, OWNER.email, OWNER.password) : {});
  const roles = new Map<Role, Promise<Client>>();
  const as = (role: Role) => {
    if (!roles.has(role)) {
      roles.set(
        role,
        owner.post('/api/tokens', { name: `tests as ${role}`, role }).then((reply) => {
          if (reply.status !== 201) throw new Error(`could not make a ${role} token: ${reply.status} ${JSON.stringify(reply.body)}`);
          return client(app, { authorization: `Bearer ${reply.body.token}` });
        }),
      );
    }
    return roles.get(role)!;
  };
  return {
    ...owner,
    app,
    fresh,
    config,
    as,
    anonymous: client(app, {}),
    close: async () => {
      await app.close();
      await fresh.drop().catch(() => {});
    },
  };
}
