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
  ] as const) {
    test(`rejects ${name}=${value} with a message naming ${name}`, () => {
      assert.throws(() => loadConfig({ [name]: value }), (error: unknown) => error instanceof ConfigError && error.message.startsWith(name));
    });
  }

  test('never echoes a password from a bad DATABASE_URL', () => {
    assert.throws(() => loadConfig({ DATABASE_URL: 'postgres//user:hunter2@db' }), (error: Error) => !error.message.includes('hunter2'));
  });
});
