// Environment → typed configuration. Every variable has a safe default (documented in
// README and .env.example); a bad value stops start-up with a message naming the variable.

import { isIP } from 'node:net';

export interface Config {
  port: number;
  host: string;
  /** PostgreSQL connection string; undefined means the embedded PGlite database. */
  databaseUrl: string | undefined;
  /**
   * A direct connection to the primary (not through a transaction pooler) for the migrations,
   * which hold a session lock; defaults to DATABASE_URL.
   */
  databaseDirectUrl: string | undefined;
  /** Read replicas: reads go there when a replica has replayed every acknowledged write. */
  databaseReplicaUrls: string[];
  /**
   * Named (server-side) prepared statements. PgBouncer before 1.21 in transaction pooling
   * cannot keep them across transactions: false sends unnamed statements instead.
   */
  dbNamedStatements: boolean;
  /** statement_timeout sent when a connection opens; 0 sends none (PgBouncer refuses it). */
  dbStatementTimeoutMs: number;
  /** Shared cache for reads; undefined: no cache. */
  redisUrl: string | undefined;
  /** Prefix of every key the API writes to Redis: one per Bengkel database sharing a Redis. */
  redisKeyPrefix: string;
  /** How long a cached answer may live (writes invalidate it long before). */
  cacheTtlSeconds: number;
  /** Where PGlite keeps its files when no DATABASE_URL is given. */
  dataDir: string;
  dbPoolMax: number;
  /** Requests allowed to wait for a pooled connection before the API answers 503. */
  dbPoolQueueMax: number;
  /** How long a request may wait for a pooled connection before the API answers 503. */
  dbPoolTimeoutMs: number;
  corsOrigins: string[];
  logLevel: string;
  /**
   * Event-loop delay above which new requests are turned away with 503; 0 turns shedding off.
   * Unset: 1000 on PostgreSQL, off on PGlite (whose queries run on the event loop itself, so a
   * burst of them reads as lag).
   */
  maxEventLoopDelayMs: number | undefined;
  shutdownTimeoutMs: number;
  /**
   * Which peers' X-Forwarded-For/-Proto/-Host are believed (Fastify's trustProxy): the client's
   * address for sign-in throttling and the audit log, and HTTPS for the cookie's Secure flag.
   */
  trustProxy: boolean | string;
  /** When set, GET /metrics answers only `Authorization: Bearer <metricsToken>`. */
  metricsToken: string | undefined;
  /** The first owner created at start-up when no user exists (automation, tests). */
  admin: { name: string; email: string; password: string } | undefined;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return Number(raw);
}

function text(env: Env, name: string, fallback: string): string {
  const raw = env[name]?.trim();
  return raw === undefined || raw === '' ? fallback : raw;
}

function databaseUrl(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw ? postgresUrl(name, raw) : undefined;
}

function postgresUrl(name: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be a URL like postgres://user:password@host:5432/database`);
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError(`${name} must start with postgres:// or postgresql://, got "${url.protocol}//"`);
  }
  return raw;
}

function replicaUrls(env: Env): string[] {
  const list = (env.DATABASE_REPLICA_URLS ?? '').split(',').map((url) => url.trim()).filter(Boolean);
  return list.map((url) => postgresUrl('DATABASE_REPLICA_URLS', url));
}

function redisUrl(env: Env): string | undefined {
  const raw = env.REDIS_URL?.trim();
  if (!raw) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'redis:' && url.protocol !== 'rediss:')) {
    throw new ConfigError('REDIS_URL must be a URL like redis://host:6379 or rediss://user:password@host:6380/0');
  }
  return raw;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(`${name} must be true or false, got "${env[name]}"`);
}

function origins(env: Env): string[] {
  const list = text(env, 'CORS_ORIGINS', 'http://localhost:8085')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  for (const origin of list) {
    if (origin === '*') continue;
    let url: URL | undefined;
    try {
      url = new URL(origin);
    } catch {
      url = undefined;
    }
    if (!url || url.origin !== origin) {
      throw new ConfigError(`CORS_ORIGINS must be a comma-separated list of origins like http://localhost:8085, got "${origin}"`);
    }
  }
  return list;
}

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

function trustProxy(env: Env): boolean | string {
  const raw = text(env, 'TRUST_PROXY', 'loopback');
  if (raw.toLowerCase() === 'false') return false;
  if (raw.toLowerCase() === 'true') return true;
  const entries = raw.split(',').map((entry) => entry.trim()).filter(Boolean);
  for (const entry of entries) {
    const [address, bits, ...rest] = entry.split('/');
    const version = isIP(address ?? '');
    const maxBits = version === 4 ? 32 : 128;
    const valid = PROXY_NAMES.includes(entry) || (version !== 0 && rest.length === 0 && (bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= maxBits)));
    if (!valid) {
      throw new ConfigError(`TRUST_PROXY must be true, false, or a comma-separated list of addresses, CIDR ranges and ${PROXY_NAMES.join(', ')}; got "${entry}"`);
    }
  }
  return entries.join(',');
}

function admin(env: Env): Config['admin'] {
  const email = env.ADMIN_EMAIL?.trim();
  const password = env.ADMIN_PASSWORD ?? '';
  if (!email && !password) return undefined;
  if (!email) throw new ConfigError('ADMIN_PASSWORD needs ADMIN_EMAIL too (set both, or neither)');
  if (!password) throw new ConfigError('ADMIN_EMAIL needs ADMIN_PASSWORD too (set both, or neither)');
  if (!/^[^\s@]+@[^\s@]+$/.test(email) || email.length > 254) throw new ConfigError('ADMIN_EMAIL must be an email address');
  const length = [...password].length;
  if (length < 12 || length > 256) throw new ConfigError(`ADMIN_PASSWORD must be 12 to 256 characters long, got ${length}`);
  return { name: text(env, 'ADMIN_NAME', 'Owner').slice(0, 120), email, password };
}

function metricsToken(env: Env): string | undefined {
  const raw = env.METRICS_TOKEN?.trim();
  if (!raw) return undefined;
  if (raw.length < 16 || /[^\x21-\x7e]/.test(raw)) throw new ConfigError('METRICS_TOKEN must be at least 16 printable characters without spaces');
  return raw;
}

export function loadConfig(env: Env = process.env): Config {
  const logLevel = text(env, 'LOG_LEVEL', 'info').toLowerCase();
  if (env.DATABASE_REPLICA_URLS?.trim() && !env.DATABASE_URL?.trim()) {
    throw new ConfigError('DATABASE_REPLICA_URLS needs DATABASE_URL (the primary): embedded PGlite has no replicas');
  }
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  }
  return {
    port: integer(env, 'PORT', 5000, 0, 65535),
    host: text(env, 'HOST', 'localhost'),
    databaseUrl: databaseUrl(env, 'DATABASE_URL'),
    databaseDirectUrl: databaseUrl(env, 'DATABASE_DIRECT_URL'),
    databaseReplicaUrls: replicaUrls(env),
    dbNamedStatements: boolean(env, 'DB_NAMED_STATEMENTS', true),
    dbStatementTimeoutMs: integer(env, 'DB_STATEMENT_TIMEOUT_MS', 15_000, 0, 3_600_000),
    redisUrl: redisUrl(env),
    redisKeyPrefix: text(env, 'REDIS_KEY_PREFIX', 'bengkel:'),
    cacheTtlSeconds: integer(env, 'CACHE_TTL_SECONDS', 60, 1, 86_400),
    dataDir: text(env, 'DATA_DIR', 'data'),
    dbPoolMax: integer(env, 'DB_POOL_MAX', 8, 1, 1000),
    dbPoolQueueMax: integer(env, 'DB_POOL_QUEUE_MAX', 2000, 0, 1_000_000),
    dbPoolTimeoutMs: integer(env, 'DB_POOL_TIMEOUT_MS', 2000, 1, 600_000),
    corsOrigins: origins(env),
    logLevel,
    maxEventLoopDelayMs: env.MAX_EVENT_LOOP_DELAY_MS?.trim() ? integer(env, 'MAX_EVENT_LOOP_DELAY_MS', 0, 0, 600_000) : undefined,
    shutdownTimeoutMs: integer(env, 'SHUTDOWN_TIMEOUT_MS', 10_000, 100, 600_000),
    trustProxy: trustProxy(env),
    metricsToken: metricsToken(env),
    admin: admin(env),
  };
}
