// The SQL every collection shares: a page with its total in one round trip, get, create,
// replace, partial update and delete. A resource gives only its differences: the columns it
// searches and sorts by, its filters, and the defaults a PUT applies to omitted fields.

import { and, count, eq, getTableColumns, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Database, Table } from '../../db/client.ts';
import type { ListQuery } from './schemas.ts';

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

type TableWithId = PgTable & { id: PgColumn };

export interface CollectionConfig<T extends TableWithId> {
  name: Table;
  table: T;
  /** Columns `q` looks in (case-insensitive substring). */
  search: PgColumn[];
  /** Sortable API field → column. */
  sort: Record<string, PgColumn>;
  /** Sort fields compared case-insensitively (their indexes are on lower(column)). */
  caseInsensitive?: string[];
  /** Values for optional fields a PUT omits: null, or the field's default. */
  replaceDefaults: Record<string, unknown>;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, '\\$&');

export class CollectionRepository<T extends TableWithId, Row = T['$inferSelect'], Create = T['$inferInsert']> {
  protected readonly table: T;
  private readonly columns: ReturnType<typeof getTableColumns<T>>;

  constructor(
    protected readonly database: Database,
    protected readonly config: CollectionConfig<T>,
  ) {
    this.table = config.table;
    this.columns = getTableColumns(config.table);
  }

  /** The resource's own filters from the list query (e.g. `customerId`). */
  protected filters(_query: ListQuery): (SQL | undefined)[] {
    return [];
  }

  async list(query: ListQuery): Promise<Page<Row>> {
    const { limit, offset } = query;
    const where = and(...this.filters(query), this.searchCondition(query.q));
    const orderBy = this.orderBy(query.sort ?? '-createdAt');
    const rows = await this.database.run('select', this.config.name, (db) => {
      // The total rides along as an uncorrelated subquery: PostgreSQL computes it once, and the
      // page and its count cost one round trip. The response schema drops the extra column.
      const total = db.select({ n: count() }).from(this.table as PgTable).where(where);
      return db
        .select({ ...this.columns, total: sql<number>`(${total})`.mapWith(Number) })
        .from(this.table as PgTable)
        .where(where)
        .orderBy(...orderBy)
        .limit(limit)
        .offset(offset);
    });
    const total = rows[0]?.total ?? (offset > 0 ? await this.count(where) : 0);
    return { items: rows as unknown as Row[], total, limit, offset };
  }

  async count(where?: SQL): Promise<number> {
    const [row] = await this.database.run('select', this.config.name, (db) =>
      db.select({ n: count() }).from(this.table as PgTable).where(where),
    );
    return row?.n ?? 0;
  }

  async get(id: number): Promise<Row | undefined> {
    const [row] = await this.database.run('select', this.config.name, (db) =>
      db.select().from(this.table as PgTable).where(eq(this.table.id, id)),
    );
    return row as Row | undefined;
  }

  async exists(id: number): Promise<boolean> {
    const [row] = await this.database.run('select', this.config.name, (db) =>
      db.select({ id: this.table.id }).from(this.table as PgTable).where(eq(this.table.id, id)),
    );
    return row !== undefined;
  }

  async create(values: Create): Promise<Row> {
    const [row] = await this.database.run('insert', this.config.name, (db) =>
      db.insert(this.table).values(values as T['$inferInsert']).returning(),
    );
    return row as Row;
  }

  /** Full replacement: omitted optional fields take their default (null for most). */
  replace(id: number, values: Partial<Create> | Record<string, unknown>): Promise<Row | undefined> {
    return this.update(id, { ...this.config.replaceDefaults, ...values });
  }

  /** Partial update; `guard` is an extra condition the row must meet (else undefined). */
  async update(id: number, values: Partial<Create> | Record<string, unknown>, guard?: SQL): Promise<Row | undefined> {
    const [row] = (await this.database.run('update', this.config.name, (db) =>
      db
        .update(this.table)
        .set({ ...values, updatedAt: sql`now()` } as never)
        .where(and(eq(this.table.id, id), guard))
        .returning(),
    )) as unknown[];
    return row as Row | undefined;
  }

  async remove(id: number): Promise<boolean> {
    const rows = (await this.database.run('delete', this.config.name, (db) =>
      db.delete(this.table).where(eq(this.table.id, id)).returning({ id: this.table.id }),
    )) as unknown[];
    return rows.length > 0;
  }

  private searchCondition(q: string | undefined): SQL | undefined {
    const text = q?.trim();
    if (!text) return undefined;
    const pattern = `%${escapeLike(text)}%`;
    return or(...this.config.search.map((column) => ilike(column, pattern)));
  }

  private orderBy(sort: string): SQL[] {
    const descending = sort.startsWith('-');
    const field = descending ? sort.slice(1) : sort;
    const column = this.config.sort[field] ?? this.config.sort.createdAt!;
    const key = this.config.caseInsensitive?.includes(field) ? sql`lower(${column})` : sql`${column}`;
    // Ties broken by id so that pages never repeat or skip a row. Empty values sort last; on
    // NOT NULL columns the plain order is kept so that a b-tree index can serve it.
    const nulls = column.notNull ? sql`` : sql` nulls last`;
    return descending
      ? [sql`${key} desc${nulls}`, sql`${this.table.id} desc`]
      : [sql`${key} asc${nulls}`, sql`${this.table.id} asc`];
  }
}
