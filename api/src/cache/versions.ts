// The versions that make the shared cache exact across API processes. Redis holds one hash per
// Bengkel database (`<prefix>versions`): a version per table, bumped after every committed write to
// it and before the write is acknowledged, and the primary's WAL position after the latest write.
// A cached answer's key names the versions of the tables it was read from, so an answer read
// before a write is never found again by a read that starts after it; and a read that misses the
// cache goes to a replica only if that replica has replayed the stored position.
//
// A missing version (a new or restarted Redis, which keeps nothing) starts at the current time in
// microseconds, never at 1: a process still holding an answer read before the restart could
// otherwise store it under a key that a later version would name again.

import type { Redis } from 'ioredis';

const POSITION = '~position';

// KEYS[1] the hash; ARGV: the position (decimal, or '' for none), then the tables to bump.
const BUMP = `
local now = redis.call('TIME')
local start = string.format('%.0f', tonumber(now[1]) * 1000000 + tonumber(now[2]))
for i = 2, #ARGV do
  if redis.call('HEXISTS', KEYS[1], ARGV[i]) == 1 then
    redis.call('HINCRBY', KEYS[1], ARGV[i], 1)
  else
    redis.call('HSET', KEYS[1], ARGV[i], start)
  end
end
if ARGV[1] ~= '' then
  local current = redis.call('HGET', KEYS[1], '${POSITION}')
  if not current or tonumber(current) < tonumber(ARGV[1]) then
    redis.call('HSET', KEYS[1], '${POSITION}', ARGV[1])
  end
end
return 1
`;

// KEYS[1] the hash; ARGV: the tables. Missing versions are created as BUMP would create them.
const READ = `
local now = redis.call('TIME')
local start = string.format('%.0f', tonumber(now[1]) * 1000000 + tonumber(now[2]))
local out = {}
for i = 1, #ARGV do
  local version = redis.call('HGET', KEYS[1], ARGV[i])
  if not version then
    version = start
    redis.call('HSET', KEYS[1], ARGV[i], version)
  end
  out[i] = version
end
out[#ARGV + 1] = redis.call('HGET', KEYS[1], '${POSITION}') or ''
return out
`;

declare module 'ioredis' {
  interface RedisCommander {
    bengkelBump(key: string, position: string, ...tables: string[]): Promise<number>;
    bengkelRead(key: string, ...tables: string[]): Promise<string[]>;
  }
}

export interface Versions {
  /** `table=version` pairs, in the order asked, for a cache key. */
  readonly tag: string;
  /** The WAL position a replica must have replayed; undefined when no write stored one. */
  readonly position: bigint | undefined;
}

interface SharedRead {
  tables: readonly string[];
  /** Whether a read of these tables is in flight. */
  sending: boolean;
  /** The read that the requests come since are waiting for, not sent yet. */
  next: Waiting | undefined;
}

interface Waiting {
  promise: Promise<Versions>;
  resolve: (versions: Versions) => void;
  reject: (error: unknown) => void;
}

export class VersionStore {
  private readonly key: string;
  /**
   * Reads of the versions by the tables they read: at most one in flight per set of tables, and
   * the requests that come meanwhile wait together for the next one (one Redis call for a burst
   * of hits, however many). That is exact: a read is sent after every request sharing it started,
   * so it sees each write acknowledged before any of them started. Once sent, it takes no one else.
   */
  private readonly reads = new Map<string, SharedRead>();

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.key = `${prefix}versions`;
    redis.defineCommand('bengkelBump', { numberOfKeys: 1, lua: BUMP });
    redis.defineCommand('bengkelRead', { numberOfKeys: 1, lua: READ });
  }

  read(tables: readonly string[]): Promise<Versions> {
    const name = tables.join(',');
    let shared = this.reads.get(name);
    if (!shared) this.reads.set(name, (shared = { tables, sending: false, next: undefined }));
    if (shared.next) return shared.next.promise;
    const next = {} as Waiting;
    next.promise = new Promise<Versions>((resolve, reject) => Object.assign(next, { resolve, reject }));
    shared.next = next;
    // Sent once the I/O that woke this request is handled, so the requests that came with it join.
    if (!shared.sending) setImmediate(() => this.sendNext(shared));
    return next.promise;
  }

  private sendNext(shared: SharedRead): void {
    const waiting = shared.next;
    if (!waiting) return;
    shared.next = undefined;
    shared.sending = true;
    this.send(shared.tables)
      .then(waiting.resolve, waiting.reject)
      .finally(() => {
        shared.sending = false;
        this.sendNext(shared);
      });
  }

  private async send(tables: readonly string[]): Promise<Versions> {
    const values = await this.redis.bengkelRead(this.key, ...tables);
    const position = values.pop();
    return {
      tag: tables.map((table, i) => `${table}=${values[i]}`).join(','),
      position: position ? BigInt(position) : undefined,
    };
  }

  async bump(tables: readonly string[], position: bigint | undefined): Promise<void> {
    await this.redis.bengkelBump(this.key, position === undefined ? '' : position.toString(), ...tables);
  }
}
