// The SQL every collection shares: a page with its total in one round trip, get, create,
// replace, partial update and delete. A resource gives only its differences: the columns it
// searches and sorts by, its filters, and the defaults a PUT applies to omitted fields.
//
// Reads are prepared statements, built once per shape of query (which filters, search, sort)
// with placeholders for the values: Drizzle does not rebuild the SQL on every request, and
// PostgreSQL does not parse and plan it again on every connection.

import { createHash } from 'node:crypto';
import { and, count, eq, getTableColumns, ilike, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Database, Db, Table } from '../../db/client.ts';
import { rowCounts } from '../../db/schema.ts';
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

/** A list filter taken from the query: its value, and its condition given a placeholder. */
export interface Filter {
  /** Names the placeholder, and tells query shapes apart (e.g. `toDay` vs `toTime`). */
  key: string;
  value: unknown;
  where: (value: SQLWrapper) => SQL;
}

interface Prepared {
  execute(values?: Record<string, unknown>): Promise<unknown[]>;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, '\\$&');
const statementName = (table: string, shape: string) => `${table}_${createHash('sha1').update(shape).digest('hex').slice(0, 16)}`;

export class CollectionRepository<T extends TableWithId, Row = T['$inferSelect'], Create = T['$inferInsert']> {
  protected readonly table: T;
  private readonly columns: ReturnType<typeof getTableColumns<T>>;
  private readonly statements = new Map<string, Prepared>();

  constructor(
    protected readonly database: Database,
    protected readonly config: CollectionConfig<T>,
  ) {
    this.table = config.table;
    this.columns = getTableColumns(config.table);
  }

  /** The resource's own filters present in the list query (e.g. `customerId`). */
  protected filters(_query: ListQuery): Filter[] {
    return [];
  }

  /** Runs the prepared statement for `shape`, building it on first use. */
  protected prepared(operation: 'select', shape: string, build: (db: Db) => { prepare(name: string): Prepared }, values: Record<string, unknown>) {
    return this.database.run(operation, this.config.name, (db) => {
      let statement = this.statements.get(shape);
      if (!statement) {
        statement = build(db).prepare(statementName(this.config.name, shape));
        this.statements.set(shape, statement);
      }
      return statement.execute(values);
    });
  }

  /**
   * The list statement for a query: the shape it is cached under, how to build it, and the
   * values of its placeholders. (The benchmark runs the same statement through pgbench.)
   */
  listStatement(query: ListQuery) {
    const filters = this.filters(query);
    const text = query.q?.trim() || undefined;
    const requested = query.sort ?? '-createdAt';
    const sort = this.config.sort[requested.replace(/^-/, '')] ? requested : '-createdAt';
    const values: Record<string, unknown> = { limit: query.limit, offset: query.offset };
    if (text) values.pattern = `%${escapeLike(text)}%`;
    for (const filter of filters) values[filter.key] = filter.value;
    const build = (db: Db) => {
      const where = and(
        ...filters.map((filter) => filter.where(sql.placeholder(filter.key))),
        text ? this.searchCondition(sql.placeholder('pattern')) : undefined,
      );
      // The total rides along as an uncorrelated subquery: PostgreSQL computes it once, and
      // the page and its count cost one round trip. The response schema drops the column.
      // With nothing to filter, the trigger-kept row count answers without a scan.
      const total = where
        ? db.select({ n: count() }).from(this.table as PgTable).where(where)
        : db.select({ n: rowCounts.n }).from(rowCounts).where(eq(rowCounts.tableName, this.config.name));
      return db
        .select({ ...this.columns, total: sql<number>`(${total})`.mapWith(Number) })
        .from(this.table as PgTable)
        .where(where)
        .orderBy(...this.orderBy(sort))
        .limit(sql.placeholder('limit'))
        .offset(sql.placeholder('offset'));
    };
    return { shape: `list ${filters.map((f) => f.key).join(',')} ${text ? 'q' : ''} ${sort}`, build, values, filters, text };
  }

  async list(query: ListQuery): Promise<Page<Row>> {
    const { shape, build, values, filters, text } = this.listStatement(query);
    const rows = (await this.prepared('select', shape, build, values)) as (Row & { total: number })[];
    const total = rows[0]?.total ?? (query.offset > 0 ? await this.count(filters, text) : 0);
    return { items: rows, total, limit: query.limit, offset: query.offset };
  }

  /** The number of matches, for a page past the end (which has no row to carry the total). */
  private async count(filters: Filter[], text: string | undefined): Promise<number> {
    const where = and(
      ...filters.map((filter) => filter.where(sql`${filter.value}`)),
      text ? this.searchCondition(sql`${`%${escapeLike(text)}%`}`) : undefined,
    );
    const [row] = await this.database.run('select', this.config.name, (db) =>
      db.select({ n: count() }).from(this.table as PgTable).where(where),
    );
    return row?.n ?? 0;
  }

  async get(id: number): Promise<Row | undefined> {
    const [row] = await this.prepared('select', 'get', (db) => db.select().from(this.table as PgTable).where(eq(this.table.id, sql.placeholder('id'))), { id });
    return row as Row | undefined;
  }

  async exists(id: number): Promise<boolean> {
    const [row] = await this.prepared(
      'select',
      'exists',
      (db) => db.select({ id: this.table.id }).from(this.table as PgTable).where(eq(this.table.id, sql.placeholder('id'))),
      { id },
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

  private searchCondition(pattern: SQLWrapper): SQL | undefined {
    return or(...this.config.search.map((column) => ilike(column, pattern as unknown as string)));
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
