import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, loadConfig } from '../src/config.ts';

describe('configuration', () => {
  test('has safe documented defaults', () => {
    const config = loadConfig({});
    assert.equal(config.port, 5000);
    assert.equal(config.host, 'localhost');
    assert.equal(config.databaseUrl, undefined);
    assert.equal(config.dataDir, 'data');
    assert.equal(config.dbPoolMax, 8);
    assert.deepEqual(config.corsOrigins, ['http://localhost:8085']);
    assert.equal(config.logLevel, 'info');
  });

  test('reads every variable', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgres://app:secret@db:5432/workshop',
      DB_POOL_MAX: '20',
      CORS_ORIGINS: 'http://localhost:8085, https://bengkel.example',
      LOG_LEVEL: 'WARN',
      DATA_DIR: '/var/lib/bengkel',
    });
    assert.equal(config.port, 8080);
    assert.equal(config.host, '0.0.0.0');
    assert.equal(config.databaseUrl, 'postgres://app:secret@db:5432/workshop');
    assert.equal(config.dbPoolMax, 20);
    assert.deepEqual(config.corsOrigins, ['http://localhost:8085', 'https://bengkel.example']);
    assert.equal(config.logLevel, 'warn');
    assert.equal(config.dataDir, '/var/lib/bengkel');
  });

  for (const [name, value] of [
    ['PORT', 'http'],
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['DB_POOL_MAX', '0'],
    ['DB_POOL_MAX', '2.5'],
    ['DB_POOL_TIMEOUT_MS', 'soon'],
    ['DATABASE_URL', 'mysql://db/workshop'],
    ['DATABASE_URL', 'not a url'],
    ['CORS_ORIGINS', 'localhost:8085'],
    ['CORS_ORIGINS', 'http://localhost:8085/app'],
    ['LOG_LEVEL', 'loud'],
    ['SHUTDOWN_TIMEOUT_MS', '1'],
    ['REDIS_URL', 'localhost:6379'],
    ['REDIS_URL', 'http://cache:6379'],
    ['DB_NAMED_STATEMENTS', 'maybe'],
    ['DB_STATEMENT_TIMEOUT_MS', '-5'],
    ['DATABASE_DIRECT_URL', 'mysql://db/workshop'],
    ['CACHE_TTL_SECONDS', '0'],
    ['TRUST_PROXY', 'everyone'],
    ['TRUST_PROXY', '10.0.0.0/33'],
    ['TRUST_PROXY', 'loopback, 10.0.0.1/8/8'],
    ['METRICS_TOKEN', 'short'],
    ['METRICS_TOKEN', 'a token with spaces in it'],
    ['ADMIN_EMAIL', 'owner@bengkel.test'],
    ['ADMIN_PASSWORD', 'a-password-long-enough'],
  ] as const) {
    test(`rejects ${name}=${value} with a message naming ${name}`, () => {
      assert.throws(() => loadConfig({ [name]: value }), (error: unknown) => error instanceof ConfigError && error.message.startsWith(name));
    });
  }

  test('reads the data tier: replicas, direct URL, pooler-friendly statements and the cache', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://app:secret@pgbouncer:6432/workshop',
      DATABASE_DIRECT_URL: 'postgres://app:secret@db:5432/workshop',
      DATABASE_REPLICA_URLS: 'postgres://app:secret@replica-1:5432/workshop, postgres://app:secret@replica-2:5432/workshop',
      DB_NAMED_STATEMENTS: 'false',
      DB_STATEMENT_TIMEOUT_MS: '0',
      REDIS_URL: 'redis://redis:6379',
      CACHE_TTL_SECONDS: '30',
    });
    assert.equal(config.databaseDirectUrl, 'postgres://app:secret@db:5432/workshop');
    assert.deepEqual(config.databaseReplicaUrls, ['postgres://app:secret@replica-1:5432/workshop', 'postgres://app:secret@replica-2:5432/workshop']);
    assert.equal(config.dbNamedStatements, false);
    assert.equal(config.dbStatementTimeoutMs, 0);
    assert.equal(config.redisUrl, 'redis://redis:6379');
    assert.equal(config.redisKeyPrefix, 'bengkel:');
    assert.equal(config.cacheTtlSeconds, 30);
    const defaults = loadConfig({});
    assert.deepEqual([defaults.dbNamedStatements, defaults.dbStatementTimeoutMs, defaults.redisUrl, defaults.databaseReplicaUrls], [true, 15_000, undefined, []]);
  });

  test('reads accounts and access: the proxies believed, the metrics token, the first owner', () => {
    const defaults = loadConfig({});
    assert.deepEqual([defaults.trustProxy, defaults.metricsToken, defaults.admin], ['loopback', undefined, undefined]);
    const config = loadConfig({
      TRUST_PROXY: 'loopback, uniquelocal, 203.0.113.7, 2001:db8::/32',
      METRICS_TOKEN: 'metrics-token-0123456789',
      ADMIN_EMAIL: 'owner@bengkel.test',
      ADMIN_PASSWORD: 'a-password-long-enough',
    });
    assert.equal(config.trustProxy, 'loopback,uniquelocal,203.0.113.7,2001:db8::/32');
    assert.equal(config.metricsToken, 'metrics-token-0123456789');
    assert.deepEqual(config.admin, { name: 'Owner', email: 'owner@bengkel.test', password: 'a-password-long-enough' });
    assert.equal(loadConfig({ TRUST_PROXY: 'false' }).trustProxy, false);
    assert.throws(() => loadConfig({ ADMIN_EMAIL: 'owner@bengkel.test', ADMIN_PASSWORD: 'too-short' }), /ADMIN_PASSWORD must be 12 to 256 characters long, got 9/);
  });

  test('refuses replicas without a primary (embedded PGlite has none)', () => {
    assert.throws(() => loadConfig({ DATABASE_REPLICA_URLS: 'postgres://replica:5432/workshop' }), /DATABASE_REPLICA_URLS needs DATABASE_URL/);
  });

  test('never echoes a password from a bad DATABASE_URL', () => {
    assert.throws(() => loadConfig({ DATABASE_URL: 'postgres//user:hunter2@db' }), (error: Error) => !error.message.includes('hunter2'));
  });
});
