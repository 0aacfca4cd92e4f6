// Faults drilled on the scaled-out data tier: PgBouncer restarted and the primary restarted while
// writes keep coming, the API going through PgBouncer in transaction pooling with the shared
// cache on. No acknowledged write is lost, no answer is a 5xx other than 503 with Retry-After,
// and the API recovers by itself, without a restart.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { ownerEnv } from '@bengkel/testing/accounts';
import { createCluster, type Cluster } from '@bengkel/testing/cluster';
import { adminQuery, withDatabaseName } from '@bengkel/testing/database';
import { startPgBouncer, type PgBouncer } from '@bengkel/testing/pgbouncer';
import { startRedis, type RedisServer } from '@bengkel/testing/redis';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { OWNER, sessionHeaders, toReply, type Reply } from '../helpers/app.ts';

let primary: Cluster;
let bouncer: PgBouncer;
let redis: RedisServer;
let app: FastifyInstance;
let session: Record<string, string>;

before(async () => {
  primary = await createCluster();
  bouncer = await startPgBouncer(primary.port, { poolSize: 5 });
  redis = await startRedis();
  await adminQuery('create database bengkel', primary.url);
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    DATABASE_URL: withDatabaseName(bouncer.url, 'bengkel'),
    DATABASE_DIRECT_URL: withDatabaseName(primary.url, 'bengkel'),
    DB_NAMED_STATEMENTS: 'false',
    DB_STATEMENT_TIMEOUT_MS: '0',
    DB_POOL_TIMEOUT_MS: '1000',
    REDIS_URL: redis.url,
    ...ownerEnv,
  });
  app = await buildApp({ config, logger: false });
  await app.ready();
  session = await sessionHeaders(app, OWNER.email, OWNER.password);
});
after(async () => {
  await app?.close();
  await bouncer?.destroy();
  await redis?.stop();
  primary?.destroy();
});

const send = async (method: 'GET' | 'POST', url: string, body?: object): Promise<Reply> =>
  toReply(await app.inject({ method, url, headers: session, ...(body ? { payload: body } : {}) }));

/**
 * Creates customers from 8 concurrent writers until `fault` has run and the API has answered
 * 201 again for a while; returns every answer.
 */
async function writeThrough(label: string, fault: () => Promise<void>): Promise<{ acknowledged: number[]; statuses: Map<number, number>; replies: Reply[] }> {
  const acknowledged: number[] = [];
  const statuses = new Map<number, number>();
  const replies: Reply[] = [];
  let faultDone = false;
  let okAfterFault = 0;
  let serial = 0;
  const writer = async () => {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && !(faultDone && okAfterFault >= 40)) {
      const reply = await send('POST', '/api/customers', { name: `${label} ${serial++}` });
      statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
      replies.push(reply);
      if (reply.status === 201) {
        acknowledged.push(reply.body.id);
        if (faultDone) okAfterFault++;
      } else {
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  };
  const writers = Array.from({ length: 8 }, writer);
  await new Promise((r) => setTimeout(r, 300));
  await fault();
  faultDone = true;
  await Promise.all(writers);
  return { acknowledged, statuses, replies };
}

async function assertDrill({ acknowledged, statuses, replies }: Awaited<ReturnType<typeof writeThrough>>, label: string) {
  for (const reply of replies) {
    if (reply.status === 201) continue;
    assert.equal(reply.status, 503, `${label}: an answer was ${reply.status}: ${JSON.stringify(reply.body)}`);
    assert.ok(Number(reply.headers['retry-after']) > 0, `${label}: a 503 without Retry-After`);
  }
  assert.ok((statuses.get(201) ?? 0) > 40, `${label}: writes resumed (${JSON.stringify([...statuses])})`);
  // Every acknowledged write is there, read through the API (the cache on) and in the database itself.
  const { rows } = await adminQuery(`select id from customers where name like '${label} %'`, withDatabaseName(primary.url, 'bengkel'));
  const stored = new Set(rows.map((row) => Number(row.id)));
  const lost = acknowledged.filter((id) => !stored.has(id));
  assert.deepEqual(lost, [], `${label}: acknowledged writes lost`);
  const listed = await send('GET', `/api/customers?q=${encodeURIComponent(label)}&limit=1`);
  assert.equal(listed.status, 200);
  assert.equal(listed.body.total, stored.size, `${label}: the (cached) list counts every stored write`);
}

describe('faults on the scaled-out data tier', () => {
  test('PgBouncer killed and restarted under writes: no acknowledged write lost, only 503s, recovery by itself', async () => {
    let readyWhileDown = 0;
    const drill = await writeThrough('Through pooler restart', async () => {
      await bouncer.kill();
      await new Promise((r) => setTimeout(r, 700));
      // What BackendNotReady's probe sees (PgBouncerDown watches the pooler's own exporter).
      readyWhileDown = (await send('GET', '/api/ready')).status;
      await bouncer.start();
    });
    assert.equal(readyWhileDown, 503, 'readiness fails while PgBouncer is down');
    assert.ok((drill.statuses.get(503) ?? 0) > 0, 'the outage was seen (503s while PgBouncer was down)');
    await assertDrill(drill, 'Through pooler restart');
  });

  test('the primary restarted under writes: no acknowledged write lost, only 503s, recovery by itself', async () => {
    const drill = await writeThrough('Through primary restart', async () => {
      primary.stop();
      await new Promise((r) => setTimeout(r, 500));
      primary.start();
    });
    await assertDrill(drill, 'Through primary restart');
  });

  test('no pooled connection is lost to the faults: once the writes stop, every one is idle again', async () => {
    // A transaction whose BEGIN failed on a dead connection used to keep that connection for good.
    const settled = async () => {
      const { total, idle, waiting } = app.database.poolState();
      return total === idle && waiting === 0;
    };
    const deadline = Date.now() + 5_000;
    while (!(await settled()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(app.database.poolState().total, app.database.poolState().idle, JSON.stringify(app.database.poolState()));
  });
});
