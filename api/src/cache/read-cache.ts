// Answers to reads, shared by every API process: cache-aside in Redis (REDIS_URL) and reads from
// replicas (DATABASE_REPLICA_URLS), under one guarantee — a read that starts after a write was
// acknowledged never returns older data, whichever process answers it.
//
// A read takes the versions of the tables it reads and the WAL position of the latest write
// (versions.ts) in one Redis call. Its answer is cached as the JSON text the route would send,
// under a key that names those versions, so a hit costs no query and no serialisation, and an
// answer read before a write is never found after it. A miss is loaded once per key in this
// process (async-cache-dedupe shares the load between concurrent requests), on a replica that has
// replayed that position, or else on the primary. Each write bumps its tables' versions and
// stores its position before it is acknowledged (the cache plugin's onSend hook).
// An answer never changes under its key (the key names the versions), so each process also keeps
// recent answers in memory (bounded LRU): a hit there costs only the versions' look-up.
//
// Redis down or slow: commands time out fast and fail at once while disconnected (no offline
// queue); reads then go to PostgreSQL — the replicas only at the primary's current position, asked
// of the primary — and nothing is cached, until Redis answers again. A write whose bump did not
// reach Redis keeps this process off the cache until a retry succeeds.

import { createCache } from 'async-cache-dedupe';
import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import type { Database } from '../db/client.ts';
import { VersionStore, type Versions } from './versions.ts';

/** What is cached: answers to lists, items and the stats, and who a credential is (`auth`). */
export type CacheName = 'list' | 'item' | 'stats' | 'auth';
export type CacheResult = 'hit' | 'miss' | 'error';

export interface ReadCacheOptions {
  database: Database;
  /** Absent: no shared cache (reads still honour the replicas' positions). */
  redis?: Redis | undefined;
  prefix: string;
  ttlSeconds: number;
  onError?: (error: unknown, what: string) => void;
}

/** What a cached read needs: where it reads, how to load it, how its route writes it as JSON. */
export interface ReadSpec {
  cache: CacheName;
  tables: readonly string[];
  /** The request's path and query: with the versions, the answer's key. */
  url: string;
  load: () => Promise<unknown>;
  serialize: (value: unknown) => string;
}

/** The answer: JSON bytes to send as they are, or a value for the route to serialise. */
export type Answer = { json: Buffer } | { value: unknown };

interface Load {
  key: string;
  run: () => Promise<Buffer>;
}

const BUMP_RETRY_MS = 250;
/** Thrown by a value's load that found nothing, so that nothing is held for it. */
const NOTHING = Symbol('nothing');
/** Memory for answers held in this process, in bytes of their text. */
const LOCAL_ANSWERS_BYTES = 32 * 1024 * 1024;

export class ReadCache {
  private readonly database: Database;
  private readonly versions: VersionStore | undefined;
  private readonly answers: ((load: Load) => Promise<Buffer>) | undefined;
  /** Answers held in this process, by key. */
  private readonly local: LRUCache<string, Buffer> | undefined;
  /**
   * Tables whose bump failed to reach Redis, with the number of the failure: this process stays
   * off the cache until a retry has bumped them again.
   */
  private readonly unbumped = new Map<string, number>();
  private failures = 0;
  private retry: NodeJS.Timeout | undefined;
  /** Called for each look-up: a hit, a miss, or Redis failing; the metrics plugin sets it. */
  onResult: ((cache: CacheName, result: CacheResult) => void) | undefined;

  constructor(private readonly options: ReadCacheOptions) {
    this.database = options.database;
    const { redis } = options;
    if (!redis) return;
    this.versions = new VersionStore(redis, options.prefix);
    const prefix = options.prefix;
    const count = (key: string, result: CacheResult) => this.onResult?.(key.slice(key.indexOf('~') + 1, key.indexOf(':')) as CacheName, result);
    // The library's own Redis storage stores JSON-quoted values: ours stores the answer's bytes as
    // they are, and a Redis that fails is a miss (counted as an error), never an error to the caller.
    // Answers are kept as the bytes sent, so a hit does not encode the text again.
    const local = new LRUCache<string, Buffer>({ maxSize: LOCAL_ANSWERS_BYTES, sizeCalculation: (bytes) => bytes.length || 1, ttl: options.ttlSeconds * 1000 });
    this.local = local;
    const storage = {
      async get(key: string) {
        const held = local.get(key);
        if (held !== undefined) {
          count(key, 'hit');
          return held;
        }
        try {
          const bytes = await redis.getBuffer(prefix + key);
          count(key, bytes === null ? 'miss' : 'hit');
          if (bytes !== null) local.set(key, bytes);
          return bytes ?? undefined;
        } catch (error) {
          count(key, 'error');
          options.onError?.(error, 'read a cached answer');
          return undefined;
        }
      },
      async set(key: string, value: Buffer, ttl: number) {
        local.set(key, value);
        // Not awaited by the answer: storing it is the next reader's gain.
        redis.set(prefix + key, value, 'EX', ttl).catch((error: unknown) => options.onError?.(error, 'store an answer'));
      },
      async remove() {},
      async invalidate() {},
      async clear() {},
      async refresh() {},
      async getTTL() {},
      async exists() {
        return false;
      },
    };
    const cache = createCache({
      ttl: options.ttlSeconds,
      storage: { type: 'custom', options: { storage: storage as never } },
      // A request that joins a load already under way costs the database nothing: a hit.
      onDedupe: (key: string) => count(`~${key}`, 'hit'),
    }).define('answer', { serialize: (load: Load) => load.key }, (load: Load) => load.run());
    this.answers = (load) => cache.answer(load);
  }

  /** Answers a read: from the cache when it holds the answer for the current versions, else loaded. */
  async read(spec: ReadSpec): Promise<Answer> {
    if (!this.answers && !this.database.hasReplicas) return { value: await spec.load() };
    const versions = await this.currentVersions(spec);
    if (!versions) {
      const position = await this.database.writePosition();
      return { value: await this.database.readAt(position, spec.load) };
    }
    const key = `${spec.cache}:${versions.tag}:${spec.url}`;
    // Most hits are found here, without the library's machinery.
    const held = this.local!.get(key);
    if (held !== undefined) {
      this.onResult?.(spec.cache, 'hit');
      return { json: held };
    }
    const json = await this.answers!({ key, run: async () => Buffer.from(spec.serialize(await this.database.readAt(versions.position, spec.load))) });
    return { json };
  }

  /**
   * A value read from `tables`, held as JSON under `key` like an answer (so a write to those
   * tables makes it unreachable at once). A load that finds nothing is not held: `undefined`.
   */
  async value<T extends object>(spec: { cache: CacheName; tables: readonly string[]; key: string; load: () => Promise<T | undefined> }): Promise<T | undefined> {
    const load = async () => (await spec.load()) ?? Promise.reject(NOTHING);
    try {
      const answer = await this.read({ cache: spec.cache, tables: spec.tables, url: spec.key, load, serialize: (value) => JSON.stringify(value) });
      return 'value' in answer ? (answer.value as T) : (JSON.parse(answer.json.toString('utf8')) as T);
    } catch (error) {
      if (error === NOTHING) return undefined;
      throw error;
    }
  }

  /**
   * After a write to `tables` committed, before it is acknowledged: later reads must not find
   * answers read before it, and must read it on the replicas only once they have replayed it.
   */
  async written(tables: readonly string[]): Promise<void> {
    if (!this.versions) return;
    await this.bump(tables);
  }

  close(): void {
    clearTimeout(this.retry);
  }

  private async currentVersions(spec: ReadSpec): Promise<Versions | undefined> {
    if (!this.versions || this.unbumped.size > 0) return undefined;
    try {
      return await this.versions.read(spec.tables);
    } catch (error) {
      this.onResult?.(spec.cache, 'error');
      this.options.onError?.(error, 'read the versions');
      return undefined;
    }
  }

  /** Bumps `tables`; on failure, they are retried in the background until Redis takes them. */
  private async bump(tables: readonly string[]): Promise<boolean> {
    try {
      const position = await this.database.writePosition();
      await this.versions!.bump(tables, position);
      return true;
    } catch (error) {
      this.options.onError?.(error, 'invalidate cached answers');
      this.failures++;
      for (const table of tables) this.unbumped.set(table, this.failures);
      this.scheduleRetry();
      return false;
    }
  }

  private scheduleRetry(): void {
    if (this.retry) return;
    this.retry = setTimeout(async () => {
      this.retry = undefined;
      const attempt = new Map(this.unbumped);
      if (attempt.size === 0) return;
      if (await this.bump([...attempt.keys()])) {
        // A failure that came while this retry was under way keeps its table for the next one.
        for (const [table, failure] of attempt) if (this.unbumped.get(table) === failure) this.unbumped.delete(table);
      }
    }, BUMP_RETRY_MS);
    this.retry.unref();
  }
}
