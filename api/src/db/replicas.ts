// Read replicas (DATABASE_REPLICA_URLS). A read may go to a replica only if that replica has
// replayed at least the WAL position the caller needs — the primary's position after the last
// acknowledged write — so a read that starts after a write was acknowledged always sees it,
// whichever API process answers. Each replica's replayed position is polled; since replay only
// moves forward, a position seen by the poll is a lower bound for any later read on it. A replica
// that does not answer, or that is no longer in recovery (promoted: it no longer follows the
// primary), is skipped until a poll finds it well again. New connections to a replica (as after
// it restarted) forget its position until the next poll.
//
// A replica URL may name one server or a balanced endpoint over several (CloudNativePG's read
// pooler, a Service): the poll may then have asked one member while a read reaches another that is
// further behind. So the poll only chooses where to try: each read runs in a read-only
// transaction whose first statement checks, on the very connection the read uses, that the
// replica has replayed the position; if not, the read goes to the primary.

import { sql } from 'drizzle-orm';
import type { Db } from './client.ts';

/** A WAL position as a number of bytes (PostgreSQL writes it as `16/B374D848`). */
export type WalPosition = bigint;

export function parseWalPosition(text: string): WalPosition {
  const match = /^([0-9A-F]+)\/([0-9A-F]+)$/i.exec(text.trim());
  if (!match) throw new Error(`not a WAL position: ${text}`);
  return (BigInt(`0x${match[1]}`) << 32n) | BigInt(`0x${match[2]}`);
}

/** PostgreSQL's own text for a WAL position, as `pg_lsn` reads it. */
export function formatWalPosition(position: WalPosition): string {
  return `${(position >> 32n).toString(16).toUpperCase()}/${(position & 0xffffffffn).toString(16).toUpperCase()}`;
}

export interface ReplicaStatus {
  /** host:port/database, never a password. */
  name: string;
  up: boolean;
  /** Bytes of WAL the primary has written that the replica has not replayed (at the last poll). */
  lagBytes: number | undefined;
  /** Seconds since the replica last replayed a transaction while it was behind; 0 when caught up. */
  lagSeconds: number | undefined;
}

/** What a replica needs from the database client: a way to query it and to be told of new connections. */
export interface ReplicaConnection {
  readonly db: Db;
  /** Runs `work` in a read-only transaction on one connection, handed back however it ends. */
  readOnly<T>(work: (db: Db) => Promise<T>): Promise<T>;
  query(text: string): Promise<{ rows: Record<string, unknown>[] }>;
  onConnect(listener: () => void): void;
  close(): Promise<void>;
}

export class Replica {
  readonly name: string;
  up = false;
  /** Replayed position at the last poll; 0 when unknown. */
  replayed: WalPosition = 0n;
  lagBytes: number | undefined;
  lagSeconds: number | undefined;
  private polling = false;

  constructor(
    url: string,
    readonly connection: ReplicaConnection,
  ) {
    const parsed = new URL(url);
    this.name = `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
    connection.onConnect(() => {
      this.replayed = 0n;
    });
  }

  get db(): Db {
    return this.connection.db;
  }

  /**
   * Runs `work` on this replica if the server its connection reaches has replayed `position`;
   * undefined when it has not (a balanced endpoint's member further behind, or one promoted).
   */
  async read<T>(position: WalPosition, work: (db: Db) => Promise<T>): Promise<{ value: T } | undefined> {
    return this.connection.readOnly(async (tx) => {
      const result = (await tx.execute(
        sql`select coalesce(pg_last_wal_replay_lsn() >= ${formatWalPosition(position)}::pg_lsn, false) as replayed`,
      )) as unknown as { rows: Array<{ replayed: boolean }> };
      if (result.rows[0]?.replayed !== true) return undefined;
      return { value: await work(tx) };
    });
  }

  async poll(primary: WalPosition | undefined): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const { rows } = await this.connection.query(
        `select pg_is_in_recovery() as recovering, pg_last_wal_replay_lsn()::text as replayed,
                extract(epoch from now() - pg_last_xact_replay_timestamp())::float8 as since`,
      );
      const row = rows[0] ?? {};
      if (row.recovering !== true || typeof row.replayed !== 'string') {
        this.markDown();
        return;
      }
      const replayed = parseWalPosition(row.replayed);
      if (replayed < this.replayed) this.replayed = 0n;
      else this.replayed = replayed;
      this.up = true;
      if (primary !== undefined) {
        const behind = primary > replayed ? primary - replayed : 0n;
        this.lagBytes = Number(behind);
        this.lagSeconds = behind === 0n ? 0 : Math.max(0, Number(row.since ?? 0));
      }
    } catch {
      this.markDown();
    } finally {
      this.polling = false;
    }
  }

  markDown(): void {
    this.up = false;
    this.replayed = 0n;
  }
}

export interface ReplicaSetOptions {
  pollIntervalMs: number;
  /** The primary's current WAL position, for the lag figures. */
  primaryPosition: () => Promise<WalPosition>;
}

export class ReplicaSet {
  private next = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly replicas: Replica[],
    private readonly options: ReplicaSetOptions,
  ) {}

  /** Polls now and then every interval; until a replica's first poll, reads go to the primary. */
  start(): void {
    void this.pollAll();
    this.timer = setInterval(() => void this.pollAll(), this.options.pollIntervalMs);
    this.timer.unref();
  }

  async pollAll(): Promise<void> {
    const primary = await this.options.primaryPosition().catch(() => undefined);
    await Promise.all(this.replicas.map((replica) => replica.poll(primary)));
  }

  /** A replica that has replayed `position` (round robin among them), or undefined: use the primary. */
  choose(position: WalPosition): Replica | undefined {
    const count = this.replicas.length;
    for (let i = 0; i < count; i++) {
      const replica = this.replicas[(this.next + i) % count]!;
      if (replica.up && replica.replayed > 0n && replica.replayed >= position) {
        this.next = (this.next + i + 1) % count;
        return replica;
      }
    }
    return undefined;
  }

  status(): ReplicaStatus[] {
    return this.replicas.map(({ name, up, lagBytes, lagSeconds }) => ({ name, up, lagBytes, lagSeconds }));
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await Promise.all(this.replicas.map((replica) => replica.connection.close()));
  }
}
