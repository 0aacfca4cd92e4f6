// The shared read cache and the replicas' read positions (cache/read-cache.ts) as `app.cache`.
// Routes that read answer through `app.cache.read`; routes that write name the tables they change
// in their config (`config: { writes: ['customers'] }`), and this plugin tells the cache after
// the write and before the answer leaves. Without REDIS_URL there is no Redis: reads go to the
// database as before (to a replica only when it has the primary's current position).

import type { FastifyInstance, onSendHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import { Redis } from 'ioredis';
import { ReadCache } from '../cache/read-cache.ts';
import type { Config } from '../config.ts';

declare module 'fastify' {
  interface FastifyInstance {
    cache: ReadCache;
  }
  interface FastifyContextConfig {
    /** The tables a route's successful request may change. */
    writes?: readonly string[];
  }
}

// Fail fast rather than wait: a read that Redis cannot answer at once goes to the database.
const REDIS_COMMAND_TIMEOUT_MS = 200;
const REDIS_CONNECT_TIMEOUT_MS = 1_000;

function openRedis(url: string, app: FastifyInstance): Redis {
  const redis = new Redis(url, {
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    connectTimeout: REDIS_CONNECT_TIMEOUT_MS,
    // While disconnected a command fails at once instead of queueing without bound; one in
    // flight when the connection drops fails instead of being sent again.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    enableAutoPipelining: true,
    // Reconnects for ever, at most every 2 s.
    retryStrategy: (attempt) => Math.min(50 * 2 ** attempt, 2_000),
    connectionName: 'bengkel-api',
  });
  let down = false;
  redis.on('error', (error: Error) => {
    if (!down) app.log.warn({ err: { message: error.message } }, 'cache: Redis unavailable; reading from the database');
    down = true;
  });
  redis.on('ready', () => {
    if (down) app.log.info('cache: Redis is back');
    down = false;
  });
  return redis;
}

export const cache = fp(
  async (app: FastifyInstance, { config }: { config: Config }) => {
    const redis = config.redisUrl ? openRedis(config.redisUrl, app) : undefined;
    const readCache = new ReadCache({
      database: app.database,
      redis,
      prefix: config.redisKeyPrefix,
      ttlSeconds: config.cacheTtlSeconds,
      onError: (error, what) => app.log.debug({ err: error }, `cache: could not ${what}`),
    });
    app.decorate('cache', readCache);

    // Only the routes that write get the hook: a read pays nothing for it.
    app.addHook('onRoute', (route) => {
      const tables = route.config?.writes;
      if (!tables) return;
      const written: onSendHookHandler = async (request, reply, payload) => {
        // A 4xx changed nothing; anything else may have (a timeout after the commit, say).
        if (reply.statusCode < 400 || reply.statusCode >= 500) await readCache.written(tables);
        return payload;
      };
      route.onSend = [...(route.onSend === undefined ? [] : [route.onSend].flat()), written];
    });
    app.addHook('onClose', async () => {
      readCache.close();
      redis?.disconnect();
    });
  },
  { name: 'cache', dependencies: ['database'] },
);
