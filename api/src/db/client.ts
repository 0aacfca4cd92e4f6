// One interface over the two databases the API runs on: PostgreSQL through a bounded `pg` pool
// (DATABASE_URL set), or embedded PGlite in a data folder (no DATABASE_URL). Repositories see
// only `Database.run`, which times every operation for the metrics and translates the driver's
// errors into the data layer's own (errors.ts). On PostgreSQL, reads made inside `readAt` may go
// to a read replica that has replayed the position given (replicas.ts). Writes made inside
// `actAs` run in a transaction that first tells PostgreSQL who is acting, for the audit log its
// triggers write in that same transaction (migration 0007).

import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { DatabaseBusy, DatabaseUnavailable, isConnectionError, translateDatabaseError } from './errors.ts';
import { parseWalPosition, Replica, ReplicaSet, type ReplicaConnection, type ReplicaStatus, type WalPosition } from './replicas.ts';
import * as schema from './schema.ts';

export type { ReplicaStatus, WalPosition } from './replicas.ts';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Operation = 'select' | 'insert' | 'update' | 'delete';
/** The table an operation is on, as `db_query_duration_seconds` labels it. */
export type Table = string;

export interface PoolState {
  total: number;
  idle: number;
  waiting: number;
  max: number;
}

export interface DatabaseOptions {
  databaseUrl: string | undefined;
  dataDir: string;
  poolMax: number;
  poolQueueMax: number;
  poolTimeoutMs: number;
  /** For the migrations: a direct connection to the primary (default: databaseUrl). */
  directUrl?: string | undefined;
  replicaUrls?: string[];
  /** false: unnamed statements only (PgBouncer before 1.21 in transaction pooling). */
  namedStatements?: boolean;
  /** statement_timeout sent when a connection opens; 0: none (set it on the role or pooler). */
  statementTimeoutMs?: number;
  /** How often each replica's replayed position is read. */
  replicaPollMs?: number;
}

export type ReadTarget = 'primary' | 'replica';

/** Who a write is made for, as the audit log records it. */
export interface Actor {
  type: 'user' | 'token';
  id: number;
  name: string;
  requestId?: string | undefined;
  ip?: string | undefined;
}

export interface Database {
  readonly kind: 'postgresql' | 'pglite';
  /** Where the data lives, for the start-up log (never a password). */
  readonly description: string;
  /** Runs one repository operation, timing it for `db_query_duration_seconds`. */
  run<T>(operation: Operation, table: Table, work: (db: Db) => Promise<T>): Promise<T>;
  /** Called after each operation; the metrics plugin sets it. */
  onQuery: ((operation: Operation, table: Table, seconds: number) => void) | undefined;
  /** Called for each read made inside `readAt`, with where it went. */
  onRead: ((target: ReadTarget) => void) | undefined;
  /** Whether prepared statements may be named (kept on the server connection). */
  readonly namedStatements: boolean;
  /** Whether reads can go to replicas at all. */
  readonly hasReplicas: boolean;
  /**
   * Runs `work` with its reads sent to a replica that has replayed `position` (else to the
   * primary). Without a position, or without replicas, every read goes to the primary.
   */
  readAt<T>(position: WalPosition | undefined, work: () => Promise<T>): Promise<T>;
  /** Runs `work` with its writes recorded in the audit log as `actor`'s. */
  actAs<T>(actor: Actor, work: () => Promise<T>): Promise<T>;
  /**
   * Runs every operation of `work` (reads too, so it sees its own writes) in one transaction on
   * the primary: all of it commits, or none of it when `work` throws — or always none when
   * `rollback` is set (a dry run), `work`'s result being returned all the same.
   */
  atomically<T>(work: () => Promise<T>, options?: { rollback?: boolean }): Promise<T>;
  /**
   * Inside `atomically`: `work` under a savepoint, so that when it fails the transaction goes on
   * as it was before (a failed statement otherwise aborts the whole transaction).
   */
  savepoint<T>(work: () => Promise<T>): Promise<T>;
  /** Runs `then` once what was just written is committed: at once, or inside `atomically` after its commit (never after a rollback). */
  afterCommit(then: () => void): void;
  /** The primary's current WAL position: after a write returns, it covers that write. */
  writePosition(): Promise<WalPosition | undefined>;
  replicaStatus(): ReplicaStatus[];
  ping(timeoutMs: number): Promise<void>;
  poolState(): PoolState;
  migrate(): Promise<void>;
  close(): Promise<void>;
}

const MIGRATIONS = fileURLToPath(new URL('./migrations', import.meta.url));
// Any fixed number shared by every API process: whoever holds it applies the migrations.
const MIGRATION_LOCK = 0x42656e6b; // "Benk"
const STATEMENT_TIMEOUT_MS = 15_000;
const REPLICA_POLL_MS = 100;
const PGLITE_SHARED_BUFFERS = '16MB';

type ConnectCallback = (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void;

/**
 * pg.Pool whose wait queue is bounded: past `queueMax` waiters, `connect` fails at once (every
 * pooled connection busy and the queue full, or a wait past DB_POOL_TIMEOUT_MS: the API answers
 * 503 instead of queueing without limit). And a query the server refused on a healthy
 * connection (a duplicate, a missing owner) hands the connection back to the pool: pg-pool's own
 * `query` discards it on any error, so each refusal would cost a new PostgreSQL session.
 */
class BoundedPool extends pg.Pool {
  private readonly maxConnections: number;

  constructor(
    config: pg.PoolConfig & { max: number },
    private readonly queueMax: number,
  ) {
    super(config);
    this.maxConnections = config.max;
  }

  // pool.query() goes through connect(), so this guards every query and transaction.
  override connect(): Promise<pg.PoolClient>;
  override connect(callback: ConnectCallback): void;
  override connect(callback?: ConnectCallback) {
    const full = this.totalCount >= this.maxConnections;
    // Requests queued while a client is idle are handed it on the next tick: they are not waiters.
    if (full && this.waitingCount >= this.idleCount + this.queueMax) {
      const error = new DatabaseBusy('too many requests are waiting for a database connection');
      if (!callback) return Promise.reject(error);
      process.nextTick(callback, error, undefined, () => {});
      return undefined;
    }
    if (!full) return callback ? super.connect(callback) : super.connect();
    // With every connection open, a wait that times out means saturation, not an outage.
    const translate = (error: Error | undefined) =>
      error && /timeout exceeded when trying to connect/.test(error.message)
        ? new DatabaseBusy('waited too long for a database connection', { cause: error })
        : error;
    if (callback) return super.connect((error, client, done) => callback(translate(error), client, done));
    return super.connect().catch((error: Error) => Promise.reject(translate(error)));
  }

  // Drizzle runs every statement outside a transaction through pool.query (promise form).
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    if (typeof args[args.length - 1] === 'function') throw new TypeError('BoundedPool.query takes no callback');
    return this.connect().then(async (client) => {
      // A checked-out client whose connection drops emits 'error' besides failing its query;
      // pg-pool listens only while a client is idle, and an 'error' nobody hears ends the process.
      let broken: Error | undefined;
      const onError = (error: Error) => {
        broken = error;
      };
      client.on('error', onError);
      try {
        const result = await (client.query as (...a: unknown[]) => Promise<unknown>)(...args);
        client.release(broken);
        return result;
      } catch (error) {
        // An ERROR from the server leaves its connection ready for the next query; a broken
        // socket, a FATAL or a client-side read timeout (the server may still be busy) do not.
        client.release(broken ?? (keepsConnection(error) ? undefined : (error as Error)));
        throw error;
      } finally {
        client.removeListener('error', onError);
      }
    });
  }
}

function keepsConnection(error: unknown): boolean {
  // Drizzle wraps the driver's error (its cause) in its own.
  const driver = error instanceof Error && error.cause instanceof pg.DatabaseError ? error.cause : error;
  return driver instanceof pg.DatabaseError && driver.severity === 'ERROR' && !isConnectionError(driver);
}

/**
 * `work` in a transaction on one pooled connection, which goes back to the pool however the
 * transaction ends — also when BEGIN itself fails (drizzle's own pool transactions keep the
 * connection then: an outage would leak one pooled connection per failed BEGIN, until the pool
 * is empty for good). A connection whose server went away is discarded, not reused.
 */
async function inTransaction<T>(pool: pg.Pool, makeDb: (client: pg.PoolClient) => Db, work: (db: Db) => Promise<T>, begin = 'begin'): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const onError = (error: Error) => {
    broken = error;
  };
  client.on('error', onError);
  // A failed `work` whose rollback went through leaves a sound connection, whatever its error was
  // (a refused row of an import, a dry run's deliberate rollback): it goes back to the pool.
  let rolledBack = false;
  try {
    await client.query(begin);
    let result: T;
    try {
      result = await work(makeDb(client));
    } catch (error) {
      rolledBack = await client.query('rollback').then(
        () => true,
        () => false,
      );
      throw error;
    }
    await client.query('commit');
    return result;
  } catch (error) {
    if (!rolledBack && !keepsConnection(error)) broken ??= error as Error;
    throw error;
  } finally {
    client.removeListener('error', onError);
    client.release(broken);
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`${what} timed out after ${ms} ms`), { code: 'ETIMEDOUT' })), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

interface ReadContext {
  position: WalPosition;
}

const reading = new AsyncLocalStorage<ReadContext>();
const acting = new AsyncLocalStorage<Actor>();
/** The transaction of `atomically` that the operations inside it run on, and what waits for its commit. */
const atomic = new AsyncLocalStorage<{ tx: Db; committed: (() => void)[] }>();

/** Carries a dry run's result out of the transaction it rolls back. */
class RolledBack<T> {
  constructor(readonly result: T) {}
}

abstract class BaseDatabase {
  onQuery: Database['onQuery'];
  onRead: Database['onRead'];
  protected active = 0;
  protected abstract readonly db: Db;
  protected replicas: ReplicaSet | undefined;

  get hasReplicas(): boolean {
    return this.replicas !== undefined;
  }

  readAt<T>(position: WalPosition | undefined, work: () => Promise<T>): Promise<T> {
    return position === undefined || !this.replicas ? work() : reading.run({ position }, work);
  }

  actAs<T>(actor: Actor, work: () => Promise<T>): Promise<T> {
    return acting.run(actor, work);
  }

  replicaStatus(): ReplicaStatus[] {
    return this.replicas?.status() ?? [];
  }

  async atomically<T>(work: () => Promise<T>, { rollback = false } = {}): Promise<T> {
    if (atomic.getStore()) throw new Error('atomically() does not nest');
    const committed: (() => void)[] = [];
    try {
      const result = await this.write(async (tx) => {
        const result = await atomic.run({ tx, committed }, work);
        if (rollback) throw new RolledBack(result);
        return result;
      });
      for (const then of committed) then();
      return result;
    } catch (error) {
      if (error instanceof RolledBack) return error.result as T;
      throw translateDatabaseError(error);
    }
  }

  afterCommit(then: () => void): void {
    const unit = atomic.getStore();
    if (unit) unit.committed.push(then);
    else then();
  }

  async savepoint<T>(work: () => Promise<T>): Promise<T> {
    const tx = atomic.getStore()?.tx;
    if (!tx) throw new Error('savepoint() is for use inside atomically()');
    await tx.execute(sql`savepoint attempt`);
    try {
      const result = await work();
      await tx.execute(sql`release savepoint attempt`);
      return result;
    } catch (error) {
      await tx.execute(sql`rollback to savepoint attempt`);
      throw error;
    }
  }

  /** A transaction on the primary (a repository's own `db.transaction` inside it is a savepoint). */
  protected abstract transaction<T>(work: (db: Db) => Promise<T>): Promise<T>;

  /** `work` on the primary; inside `actAs`, in a transaction whose settings name the actor. */
  private write<T>(work: (db: Db) => Promise<T>): Promise<T> {
    const actor = acting.getStore();
    // Without an actor (a sign-in, the first run) still one transaction of ours: a repository's
    // own db.transaction then runs as a savepoint on it, never as drizzle's pool transaction.
    if (!actor) return this.transaction(work);
    const { requestId = '', ip = '', ...who } = actor;
    return this.transaction(async (tx) => {
      await tx.execute(
        sql`select set_config('bengkel.actor', ${JSON.stringify(who)}, true), set_config('bengkel.request_id', ${requestId}, true), set_config('bengkel.ip', ${ip}, true)`,
      );
      return work(tx);
    });
  }

  async run<T>(operation: Operation, table: Table, work: (db: Db) => Promise<T>): Promise<T> {
    const start = performance.now();
    this.active++;
    try {
      const unit = atomic.getStore();
      if (unit) return await work(unit.tx);
      const context = operation === 'select' && this.replicas ? reading.getStore() : undefined;
      if (context) {
        const replica = this.replicas!.choose(context.position);
        if (replica) {
          try {
            const read = await replica.read(context.position, work);
            if (read) {
              this.onRead?.('replica');
              return read.value;
            }
            // The server this read reached had not replayed the position: the primary answers.
          } catch (error) {
            // A replica that went away is skipped until a poll finds it again; the read is
            // repeated on the primary. Any other error is the query's own.
            const translated = translateDatabaseError(error);
            if (!(translated instanceof DatabaseUnavailable)) throw error;
            replica.markDown();
          }
        }
        this.onRead?.('primary');
      }
      return await (operation === 'select' ? work(this.db) : this.write(work));
    } catch (error) {
      throw translateDatabaseError(error);
    } finally {
      this.active--;
      this.onQuery?.(operation, table, (performance.now() - start) / 1000);
    }
  }
}

class PostgresDatabase extends BaseDatabase implements Database {
  readonly kind = 'postgresql';
  readonly description: string;
  protected readonly db: Db;
  private readonly pool: BoundedPool;

  constructor(
    private readonly url: string,
    private readonly options: DatabaseOptions,
    db: (pool: pg.Pool) => Db,
  ) {
    super();
    const parsed = new URL(url);
    const replicaUrls = options.replicaUrls ?? [];
    this.description =
      `PostgreSQL at ${parsed.hostname}:${parsed.port || 5432}${parsed.pathname} (pool of ${options.poolMax})` +
      (replicaUrls.length ? `, ${replicaUrls.length} read replica${replicaUrls.length > 1 ? 's' : ''}` : '');
    this.namedStatements = options.namedStatements ?? true;
    this.pool = this.openPool(url);
    this.db = db(this.pool);
    this.dbOn = db as unknown as (client: pg.PoolClient) => Db;
    if (replicaUrls.length) {
      const replicas = replicaUrls.map((replicaUrl) => {
        const pool = this.openPool(replicaUrl);
        const connection: ReplicaConnection = {
          db: db(pool),
          readOnly: (work) => inTransaction(pool, this.dbOn, work, 'begin transaction read only'),
          query: (text) => withTimeout(pool.query(text), options.poolTimeoutMs, 'replica poll'),
          onConnect: (listener) => pool.on('connect', listener),
          close: () => pool.end(),
        };
        return new Replica(replicaUrl, connection);
      });
      this.replicas = new ReplicaSet(replicas, {
        pollIntervalMs: options.replicaPollMs ?? REPLICA_POLL_MS,
        primaryPosition: () => this.primaryPosition(),
      });
      this.replicas.start();
    }
  }

  readonly namedStatements: boolean;
  /** Drizzle over one checked-out connection (a transaction's). */
  private readonly dbOn: (client: pg.PoolClient) => Db;

  protected transaction<T>(work: (db: Db) => Promise<T>): Promise<T> {
    return inTransaction(this.pool, this.dbOn, work);
  }

  private openPool(url: string): BoundedPool {
    const statementTimeout = this.options.statementTimeoutMs ?? STATEMENT_TIMEOUT_MS;
    const pool = new BoundedPool(
      {
        connectionString: url,
        max: this.options.poolMax,
        connectionTimeoutMillis: this.options.poolTimeoutMs,
        idleTimeoutMillis: 30_000,
        keepAlive: true,
        ...(statementTimeout > 0 ? { statement_timeout: statementTimeout } : {}),
        // The client gives up a little after the server would have: a connection that stops
        // answering (a pooler without the server's timeout, a dead peer) is discarded.
        query_timeout: (statementTimeout || STATEMENT_TIMEOUT_MS) + 1_000,
        application_name: 'bengkel-api',
      },
      this.options.poolQueueMax,
    );
    // An idle client whose server went away emits 'error'; unhandled, it would crash the process.
    // The pool drops that client and the next request opens a fresh connection.
    pool.on('error', () => {});
    // A client's connection can also end while it is checked out, or while the pool is being
    // closed (the server shut down, a pooler killed, the connection terminated by an admin):
    // its query fails, and the 'error' event it emits besides must not end the process.
    pool.on('connect', (client) => client.on('error', () => {}));
    return pool;
  }

  private async primaryPosition(): Promise<WalPosition> {
    const { rows } = (await this.pool.query('select pg_current_wal_lsn()::text as position')) as pg.QueryResult<{ position: string }>;
    return parseWalPosition(rows[0]!.position);
  }

  async writePosition(): Promise<WalPosition | undefined> {
    if (!this.replicas) return undefined;
    return this.primaryPosition().catch((error: unknown) => Promise.reject(translateDatabaseError(error)));
  }

  async ping(timeoutMs: number): Promise<void> {
    await withTimeout(this.pool.query('select 1'), timeoutMs, 'database ping').catch((error: unknown) => Promise.reject(translateDatabaseError(error)));
  }

  poolState(): PoolState {
    return {
      total: this.pool.totalCount,
      idle: this.pool.idleCount,
      waiting: this.pool.waitingCount,
      max: this.options.poolMax,
    };
  }

  async migrate(): Promise<void> {
    const { drizzle } = await import('drizzle-orm/node-postgres');
    const { migrate } = await import('drizzle-orm/node-postgres/migrator');
    // The lock is a session's: through a transaction pooler it could be taken on one server
    // connection and released on another, so migrations use a direct connection when given one.
    const client = new pg.Client({ connectionString: this.options.directUrl ?? this.url, application_name: 'bengkel-api-migrate' });
    // A dropped connection fails the migration's query; unheard, its 'error' event would end the process.
    client.on('error', () => {});
    await client.connect().catch((error: unknown) => Promise.reject(translateDatabaseError(error)));
    try {
      // Two API processes starting at once: the second waits here, then finds nothing to do.
      await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
      await migrate(drizzle({ client }), { migrationsFolder: MIGRATIONS });
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
      await client.end().catch(() => {});
    }
  }

  async close(): Promise<void> {
    await this.replicas?.close();
    await this.pool.end();
  }
}

class PgliteDatabase extends BaseDatabase implements Database {
  readonly kind = 'pglite';
  readonly description: string;
  readonly namedStatements = true;

  constructor(
    private readonly client: import('@electric-sql/pglite').PGlite,
    protected readonly db: Db,
    where: string,
  ) {
    super();
    this.description = `embedded PGlite ${where}`;
  }

  // One connection, no pool: drizzle's own transaction has nothing to leak here.
  protected transaction<T>(work: (db: Db) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) => work(tx as unknown as Db));
  }

  async ping(timeoutMs: number): Promise<void> {
    await withTimeout(this.client.query('select 1'), timeoutMs, 'database ping');
  }

  // PGlite is one connection that runs one statement at a time; it queues the rest itself.
  poolState(): PoolState {
    return { total: 1, idle: this.active === 0 ? 1 : 0, waiting: Math.max(0, this.active - 1), max: 1 };
  }

  async writePosition(): Promise<undefined> {
    return undefined;
  }

  async migrate(): Promise<void> {
    const { migrate } = await import('drizzle-orm/pglite/migrator');
    await migrate(this.db as Parameters<typeof migrate>[0], { migrationsFolder: MIGRATIONS });
  }

  async close(): Promise<void> {
    if (!this.client.closed) await this.client.close();
  }
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.databaseUrl) {
    const { drizzle } = await import('drizzle-orm/node-postgres');
    return new PostgresDatabase(options.databaseUrl, options, (pool) => drizzle({ client: pool, schema }) as unknown as Db);
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const { drizzle } = await import('drizzle-orm/pglite');
  const inMemory = options.dataDir.startsWith('memory://');
  const dataDir = inMemory ? options.dataDir : resolve(options.dataDir);
  if (!inMemory) mkdirSync(dataDir, { recursive: true });
  // PostgreSQL's default shared_buffers (128 MB) lives inside PGlite's WebAssembly memory, which
  // never shrinks: one embedded connection over a workshop's data needs far less, and the
  // operating system still caches the data files. 16 MB cuts ~120 MB of resident memory.
  const startParams = [...PGlite.defaultStartParams, '-c', `shared_buffers=${PGLITE_SHARED_BUFFERS}`];
  const client = await PGlite.create(dataDir, { extensions: { pg_trgm }, startParams });
  const db = drizzle({ client, schema }) as unknown as Db;
  return new PgliteDatabase(client, db, inMemory ? 'in memory' : `in ${dataDir}`);
}
