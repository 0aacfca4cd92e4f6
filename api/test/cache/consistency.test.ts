// The data tier scaled out — two API processes sharing one Redis, a primary and a streaming
// replica that applies WAL 300 ms late — keeps the contract's promise: a read that starts after a
// write was acknowledged sees it, whichever process answers. Hits are served without a query,
// reads go to the replica once it has caught up, and Redis or the replica failing costs no 5xx,
// no hang, and no restart.

import assert from 'node:assert/strict';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { ownerEnv } from '@bengkel/testing/accounts';
import { adminQuery, withDatabaseName } from '@bengkel/testing/database';
import { createCluster, createReplica, type Cluster } from '@bengkel/testing/cluster';
import { startRedis, type RedisServer } from '@bengkel/testing/redis';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { OWNER, sessionHeaders, toReply, type Reply } from '../helpers/app.ts';

const APPLY_DELAY_MS = 300;

let primary: Cluster;
let replica: Cluster;
let redis: RedisServer;
let databaseUrl: string;
let replicaUrl: string;
const apps: FastifyInstance[] = [];
/** The owner's session, signed in on the first app: every app shares the database that holds it. */
let session: Record<string, string> | undefined;

async function started(app: FastifyInstance): Promise<FastifyInstance> {
  await app.ready();
  apps.push(app);
  session ??= await sessionHeaders(app, OWNER.email, OWNER.password);
  return app;
}

before(async () => {
  primary = await createCluster();
  replica = await createReplica(primary, { applyDelayMs: APPLY_DELAY_MS });
  redis = await startRedis();
  await adminQuery('create database bengkel', primary.url);
  databaseUrl = withDatabaseName(primary.url, 'bengkel');
  replicaUrl = withDatabaseName(replica.url, 'bengkel');
});
after(async () => {
  await Promise.all(apps.map((app) => app.close()));
  await redis?.stop();
  replica?.destroy();
  primary?.destroy();
});

/** An API process of its own on the shared primary, replica and (unless `redis` is false) Redis. */
async function instance({ redis: withRedis = true, prefix = 'bengkel:' } = {}): Promise<FastifyInstance> {
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    DATABASE_URL: databaseUrl,
    DATABASE_REPLICA_URLS: replicaUrl,
    DB_POOL_TIMEOUT_MS: '1000',
    // Several apps start in this one process: one's start-up blocks the others' event loops for
    // a moment, which load shedding (not under test here) would answer with 503s.
    MAX_EVENT_LOOP_DELAY_MS: '0',
    ...(withRedis ? { REDIS_URL: redis.url, REDIS_KEY_PREFIX: prefix } : {}),
    ...ownerEnv,
  });
  return started(await buildApp({ config, logger: false }));
}

const send = async (app: FastifyInstance, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: object): Promise<Reply> =>
  toReply(await app.inject({ method, url, headers: session, ...(body ? { payload: body } : {}) }));

/** The value of one series on an app's /metrics (0 when absent). */
async function metric(app: FastifyInstance, name: string, labels: Record<string, string> = {}): Promise<number> {
  const text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) sum += Number(line.split(' ').at(-1));
  }
  return sum;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function eventually(check: () => Promise<boolean>, what: string, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(100);
  }
  assert.fail(`not within ${ms} ms: ${what}`);
}

/** Writes on `writer` and reads at once on `reader`, many times: every read sees the write before it. */
async function readsFollowWrites(writer: FastifyInstance, reader: FastifyInstance, rounds = 25) {
  const token = Math.random().toString(36).slice(2, 8);
  const name = (i: number) => `Rina ${token} ${i}.`;
  const created = await send(writer, 'POST', '/api/customers', { name: name(0) });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const id = created.body.id as number;
  for (let i = 1; i <= rounds; i++) {
    assert.equal((await send(writer, 'PATCH', `/api/customers/${id}`, { name: name(i) })).status, 200);
    const one = await send(reader, 'GET', `/api/customers/${id}`);
    assert.equal(one.status, 200);
    assert.equal(one.body.name, name(i), `round ${i}: the item`);
    const list = await send(reader, 'GET', `/api/customers?q=${encodeURIComponent(name(i))}`);
    assert.deepEqual(
      list.body.items.map((c: { id: number }) => c.id),
      [id],
      `round ${i}: the list`,
    );
    if (i % 5 === 0) await sleep(APPLY_DELAY_MS + 150); // let the replica catch up now and then
  }
  const stats = await send(reader, 'GET', '/api/stats');
  const added = await send(writer, 'POST', '/api/customers', { name: 'Counted' });
  assert.equal(added.status, 201);
  assert.equal((await send(reader, 'GET', '/api/stats')).body.customers, stats.body.customers + 1, 'stats after a create elsewhere');
  assert.equal((await send(writer, 'DELETE', `/api/customers/${added.body.id}`)).status, 204);
  assert.equal((await send(reader, 'GET', `/api/customers/${added.body.id}`)).status, 404, 'a delete elsewhere is seen at once');
}

describe('two API processes, one Redis, a replica 300 ms behind', () => {
  let a: FastifyInstance;
  let b: FastifyInstance;
  before(async () => {
    [a, b] = await Promise.all([instance(), instance()]);
  });

  test('a read on the other process right after a write always sees it', async () => {
    await readsFollowWrites(a, b);
    await readsFollowWrites(b, a, 10);
  });

  test('a repeated read is a hit that costs no query; a write makes the next read a miss', async () => {
    const created = await send(a, 'POST', '/api/vehicles', {
      customerId: (await send(a, 'POST', '/api/customers', { name: 'Owner' })).body.id,
      plateNumber: 'B 4242 HIT',
      make: 'Toyota',
      model: 'Avanza',
    });
    const url = `/api/vehicles/${created.body.id}`;
    const first = await send(b, 'GET', url);
    // A scrape reads the workshop's figures (services, reminders) itself: those queries are its own.
    const requestQueries = async () =>
      (await metric(b, 'db_query_duration_seconds_count')) -
      (await metric(b, 'db_query_duration_seconds_count', { table: 'services' })) -
      (await metric(b, 'db_query_duration_seconds_count', { table: 'reminders' }));
    const queries = await requestQueries();
    const hits = await metric(b, 'cache_requests_total', { cache: 'item', result: 'hit' });
    const again = await send(b, 'GET', url);
    assert.deepEqual(again.body, first.body);
    assert.equal(again.headers['content-type'], 'application/json; charset=utf-8');
    assert.equal(await metric(b, 'cache_requests_total', { cache: 'item', result: 'hit' }), hits + 1);
    assert.equal(await requestQueries(), queries, 'a hit runs no query');

    assert.equal((await send(a, 'PATCH', url, { color: 'Merah' })).status, 200);
    const misses = await metric(b, 'cache_requests_total', { cache: 'item', result: 'miss' });
    assert.equal((await send(b, 'GET', url)).body.color, 'Merah');
    assert.equal(await metric(b, 'cache_requests_total', { cache: 'item', result: 'miss' }), misses + 1);
  });

  test('reads go to the replica once it has replayed every acknowledged write', async () => {
    await sleep(APPLY_DELAY_MS * 2 + 200);
    const before = await metric(b, 'db_reads_total', { target: 'replica' });
    const page = await send(b, 'GET', '/api/customers?limit=7');
    assert.equal(page.status, 200);
    assert.equal(await metric(b, 'db_reads_total', { target: 'replica' }), before + 1, 'a miss read on the replica');
    assert.equal(await metric(b, 'db_replica_up'), 1);
    assert.ok((await metric(b, 'db_replica_lag_seconds')) < 5);
  });

  test('a replica that stops is skipped without errors, and used again when it is back', async () => {
    replica.stop();
    try {
      await eventually(async () => (await metric(a, 'db_replica_up')) === 0, 'the replica is marked down');
      for (let i = 0; i < 5; i++) {
        assert.equal((await send(a, 'GET', `/api/customers?offset=${i + 3000}`)).status, 200);
        assert.equal((await send(a, 'POST', '/api/customers', { name: `During replica stop ${i}` })).status, 201);
      }
    } finally {
      replica.start();
    }
    await eventually(async () => (await metric(a, 'db_replica_up')) === 1, 'the replica is used again');
    await readsFollowWrites(a, b, 5);
  });

  test('Redis killed: answers come from PostgreSQL, never a 5xx, and the cache comes back by itself', async () => {
    await redis.kill();
    try {
      const errors = await metric(b, 'cache_requests_total', { result: 'error' });
      const lookups = await metric(b, 'cache_requests_total');
      await readsFollowWrites(a, b, 5);
      const failed = (await metric(b, 'cache_requests_total', { result: 'error' })) - errors;
      const all = (await metric(b, 'cache_requests_total')) - lookups;
      // What CacheUnavailable watches: over a tenth of look-ups failing.
      assert.ok(failed / all > 0.1, `Redis failures are counted: ${failed} of ${all} look-ups`);
    } finally {
      await redis.start();
    }
    await eventually(async () => {
      await send(b, 'GET', '/api/stats');
      const hits = await metric(b, 'cache_requests_total', { cache: 'stats', result: 'hit' });
      await send(b, 'GET', '/api/stats');
      return (await metric(b, 'cache_requests_total', { cache: 'stats', result: 'hit' })) > hits;
    }, 'hits again after Redis restarted');
    await readsFollowWrites(b, a, 5);
  });

  test('Redis that stops answering (frozen) costs a request at most a short timeout, never a hang', async () => {
    redis.freeze();
    try {
      for (let i = 0; i < 5; i++) {
        const started = Date.now();
        assert.equal((await send(a, 'POST', '/api/customers', { name: `Frozen ${i}` })).status, 201);
        const list = await send(b, 'GET', `/api/customers?q=Frozen%20${i}`);
        assert.equal(list.status, 200);
        assert.equal(list.body.total, 1);
        assert.ok(Date.now() - started < 2_000, `request pair took ${Date.now() - started} ms`);
      }
    } finally {
      redis.thaw();
    }
    await readsFollowWrites(a, b, 5);
  });
});

describe('replicas without Redis', () => {
  test('a read on another process right after a write sees it (the primary tells the position)', async () => {
    const [a, b] = await Promise.all([instance({ redis: false }), instance({ redis: false })]);
    await readsFollowWrites(a, b, 10);
    // Once the replica has replayed the primary's current position (background WAL, such as
    // autovacuum's, can move it on), reads go there.
    const before = await metric(b, 'db_reads_total', { target: 'replica' });
    await eventually(async () => {
      assert.equal((await send(b, 'GET', '/api/vehicles')).status, 200);
      return (await metric(b, 'db_reads_total', { target: 'replica' })) > before;
    }, 'a quiet moment reads on the replica');
  });
});

/**
 * One address over two replicas, each TCP connection to the next in turn: what a read pooler
 * (CloudNativePG's `-ro` Pooler) or a Service in front of several replicas looks like to the API.
 */
async function balancedEndpoint(ports: number[]): Promise<{ url: string; close: () => Promise<void> }> {
  let next = 0;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(ports[next++ % ports.length]!, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => sockets.delete(socket));
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: withDatabaseName(`postgres://postgres@127.0.0.1:${port}/postgres`, 'bengkel'),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe('a balanced replica endpoint, its members at different lags', () => {
  test('a read that reaches a member further behind than the one the poll asked goes to the primary', async () => {
    const far = await createReplica(primary, { applyDelayMs: 4_000 });
    const endpoint = await balancedEndpoint([replica.port, far.port]);
    try {
      const config = loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: databaseUrl, DATABASE_REPLICA_URLS: endpoint.url, DB_POOL_TIMEOUT_MS: '1000', MAX_EVENT_LOOP_DELAY_MS: '0', ...ownerEnv });
      const app = await started(await buildApp({ config, logger: false }));
      // Reads must see each write although half the endpoint's connections reach a replica 4 s behind.
      for (let i = 0; i < 12; i++) {
        const created = await send(app, 'POST', '/api/customers', { name: `Balanced ${i}` });
        assert.equal(created.status, 201);
        await sleep(APPLY_DELAY_MS + 200); // the near replica has it now, the far one has not
        const reads = await Promise.all(Array.from({ length: 6 }, () => send(app, 'GET', `/api/customers/${created.body.id}`)));
        for (const read of reads) assert.equal(read.status, 200, `round ${i}: a read after the write sees it`);
      }
      // Once both members have replayed everything, the replicas answer.
      const before = await metric(app, 'db_reads_total', { target: 'replica' });
      await eventually(async () => {
        assert.equal((await send(app, 'GET', '/api/customers?limit=3')).status, 200);
        return (await metric(app, 'db_reads_total', { target: 'replica' })) > before;
      }, 'reads on the replicas once they have caught up', 20_000);
    } finally {
      await endpoint.close();
      far.destroy();
    }
  });
});
