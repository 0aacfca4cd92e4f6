// The SQL every collection shares: a page with its total in one round trip, get, create,
// replace, partial update and delete. A resource gives only its differences: what `q` searches,
// its filters, which text columns sort case-insensitively, and the defaults a PUT applies to
// omitted fields. Every column sorts (the list query's schema names the fields a client may ask
// for, from the item's own fields).
//
// Reads are prepared statements, built once per shape of query (which filters, search, sort)
// with placeholders for the values: Drizzle does not rebuild the SQL on every request, and
// PostgreSQL does not parse and plan it again on every connection.

import { createHash } from 'node:crypto';
import { and, count, eq, getTableColumns, getTableName, gt, ilike, inArray, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Database, Db, Table } from '../../db/client.ts';
import { rowCounts } from '../../db/schema.ts';
import { DEFAULT_LIMIT, DEFAULT_SORT, type ListQuery } from './schemas.ts';

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

type TableWithId = PgTable & { id: PgColumn };

/**
 * One place `q` looks (case-insensitive substring): an expression over the row, and the text to
 * look for in it derived from `q` (undefined: not this term, for this `q`).
 */
export interface SearchTerm {
  key: string;
  expression: SQLWrapper;
  text: (q: string) => string | undefined;
  /**
   * When the expression is over another table's row: the condition that the item refers to a
   * row that matches, given that match (a service whose vehicle's plate matches, say).
   */
  via?: (match: SQL) => SQL;
}

export interface CollectionConfig<T extends TableWithId> {
  name: Table;
  table: T;
  /** Where `q` looks: columns (as typed), or terms of their own. */
  search: (PgColumn | SearchTerm)[];
  /** Sort fields compared case-insensitively (their indexes are on lower(column)). */
  caseInsensitive?: string[];
  /** Values for optional fields a PUT omits: null, or the field's default. */
  replaceDefaults: Record<string, unknown>;
  /** Read-only summaries each item carries of the rows it refers to, by field name. */
  summaries?: Record<string, Summary>;
}

/**
 * A read-only summary of the rows an item refers to (a service's vehicle and its owner), so that
 * a list says what a person needs in one request: a correlated subquery over the item's row
 * (it works in a SELECT and in an INSERT's or UPDATE's RETURNING alike), and the key that
 * sorting by the field orders on.
 */
export interface Summary {
  value: SQL;
  sortKey: SQL;
}

/**
 * `"table"."column"` written out, for a summary's subquery: Drizzle leaves columns unqualified in
 * an INSERT's or UPDATE's RETURNING, where `"id"` inside the subquery would be ambiguous.
 */
export const qualified = (column: PgColumn) => sql`${sql.identifier(getTableName(column.table))}.${sql.identifier(column.name)}`;

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

/** `text` as a literal inside a LIKE pattern (its %, _ and \\ escaped). */
export const escapeLike = (text: string) => text.replace(/[\\%_]/g, '\\$&');
const statementName = (table: string, shape: string) => `${table}_${createHash('sha1').update(shape).digest('hex').slice(0, 16)}`;

interface ActiveTerm {
  key: string;
  expression: SQLWrapper;
  via?: ((match: SQL) => SQL) | undefined;
  pattern: string;
}

/** Any term matches (case-insensitive substring); no terms (no `q`) is no condition. */
function searchCondition(terms: { expression: SQLWrapper; via?: ((match: SQL) => SQL) | undefined; pattern: SQLWrapper }[]): SQL | undefined {
  if (terms.length === 0) return undefined;
  return or(
    ...terms.map((term) => {
      const match = ilike(term.expression as PgColumn, term.pattern as unknown as string);
      return term.via ? term.via(match) : match;
    }),
  );
}

export class CollectionRepository<
  T extends TableWithId,
  Create = T['$inferInsert'],
  Patch = Partial<Create>,
  Query extends ListQuery = ListQuery,
  Row = T['$inferSelect'],
> {
  protected readonly table: T;
  private readonly columns: Record<string, PgColumn>;
  /** What an item is read as: its columns and its summaries. */
  private readonly fields: Record<string, PgColumn | SQL>;
  private readonly search: SearchTerm[];
  /** Prepared statements by the connection pool (primary or a replica) they belong to. */
  private readonly statements = new WeakMap<Db, Map<string, Prepared>>();

  constructor(
    protected readonly database: Database,
    protected readonly config: CollectionConfig<T>,
  ) {
    this.table = config.table;
    this.columns = getTableColumns(config.table) as Record<string, PgColumn>;
    const summaries = Object.entries(config.summaries ?? {}).map(([field, summary]) => [field, summary.value]);
    this.fields = { ...this.columns, ...Object.fromEntries(summaries) };
    this.search = config.search.map((term) => ('text' in term ? term : { key: term.name, expression: term, text: (q: string) => q }));
  }

  /** The resource's own filters present in the list query (e.g. `customerId`). */
  protected filters(_query: Query): Filter[] {
    return [];
  }

  /** Runs the prepared statement for `shape`, building it on first use. */
  protected prepared(operation: 'select', shape: string, build: (db: Db) => { prepare(name: string): Prepared }, values: Record<string, unknown>) {
    return this.database.run(operation, this.config.name, (db) => {
      let statements = this.statements.get(db);
      if (!statements) this.statements.set(db, (statements = new Map()));
      let statement = statements.get(shape);
      if (!statement) {
        // An empty name makes it an unnamed statement, parsed with each execution.
        statement = build(db).prepare(this.database.namedStatements ? statementName(this.config.name, shape) : '');
        statements.set(shape, statement);
      }
      return statement.execute(values);
    });
  }

  /**
   * The list statement for a query: the shape it is cached under, how to build it, and the
   * values of its placeholders. (The benchmark runs the same statement through pgbench.)
   */
  listStatement(query: Query, after?: number) {
    // An export reads on from the last id it sent (keyset), without a total.
    const filters = after === undefined ? this.filters(query) : [...this.filters(query), { key: 'after', value: after, where: (v: SQLWrapper) => gt(this.table.id, v) }];
    const terms = this.searchTerms(query.q);
    const sort = query.sort ?? DEFAULT_SORT;
    const values: Record<string, unknown> = { limit: query.limit ?? DEFAULT_LIMIT, offset: query.offset ?? 0 };
    for (const term of terms) values[`q_${term.key}`] = term.pattern;
    for (const filter of filters) values[filter.key] = filter.value;
    const build = (db: Db) => {
      const where = and(
        ...filters.map((filter) => filter.where(sql.placeholder(filter.key))),
        searchCondition(terms.map((term) => ({ ...term, pattern: sql.placeholder(`q_${term.key}`) }))),
      );
      // The total rides along as an uncorrelated subquery: PostgreSQL computes it once, and
      // the page and its count cost one round trip. The response schema drops the column.
      // With nothing to filter, the trigger-kept row count answers without a scan.
      if (after !== undefined) {
        return db.select(this.columns).from(this.table as PgTable).where(where).orderBy(...this.orderBy(sort)).limit(sql.placeholder('limit'));
      }
      const total = where
        ? db.select({ n: count() }).from(this.table as PgTable).where(where)
        : db.select({ n: rowCounts.n }).from(rowCounts).where(eq(rowCounts.tableName, this.config.name));
      return db
        .select({ ...this.fields, total: sql<number>`(${total})`.mapWith(Number) })
        .from(this.table as PgTable)
        .where(where)
        .orderBy(...this.orderBy(sort))
        .limit(sql.placeholder('limit'))
        .offset(sql.placeholder('offset'));
    };
    const shape = `list ${filters.map((f) => f.key).join(',')} q:${terms.map((term) => term.key).join(',')} ${sort}`;
    return { shape, build, values, filters, terms };
  }

  async list(query: Query): Promise<Page<Row>> {
    const { shape, build, values, filters, terms } = this.listStatement(query);
    const limit = values.limit as number;
    const offset = values.offset as number;
    const rows = (await this.prepared('select', shape, build, values)) as (Row & { total: number })[];
    const total = rows[0]?.total ?? (offset > 0 ? await this.count(filters, terms) : 0);
    return { items: rows, total, limit, offset };
  }

  /**
   * Every row the list query matches (its filters and `q`; not its paging or sort), in id order,
   * `size` at a time: each batch one indexed query that starts after the last id sent, so a long
   * export holds no connection or transaction while its client reads.
   */
  async *batches(query: Query, size = 500): AsyncGenerator<Row[]> {
    let after = 0;
    for (;;) {
      const { shape, build, values } = this.listStatement({ ...query, sort: 'id', limit: size, offset: 0 }, after);
      const rows = (await this.prepared('select', shape, build, values)) as (Row & { id: number })[];
      if (rows.length > 0) yield rows;
      if (rows.length < size) return;
      after = rows[rows.length - 1]!.id;
    }
  }

  /** The rows with these ids (those that exist), by id. */
  async getMany(ids: readonly number[]): Promise<Map<number, Row>> {
    const found = new Map<number, Row>();
    for (let start = 0; start < ids.length; start += 1000) {
      const chunk = ids.slice(start, start + 1000);
      const rows = (await this.database.run('select', this.config.name, (db) =>
        db.select().from(this.table as PgTable).where(inArray(this.table.id, chunk)),
      )) as (Row & { id: number })[];
      for (const row of rows) found.set(row.id, row);
    }
    return found;
  }

  /** The number of matches, for a page past the end (which has no row to carry the total). */
  private async count(filters: Filter[], terms: ActiveTerm[]): Promise<number> {
    const where = and(
      ...filters.map((filter) => filter.where(sql`${filter.value}`)),
      searchCondition(terms.map((term) => ({ ...term, pattern: sql`${term.pattern}` }))),
    );
    const [row] = await this.database.run('select', this.config.name, (db) =>
      db.select({ n: count() }).from(this.table as PgTable).where(where),
    );
    return row?.n ?? 0;
  }

  async get(id: number): Promise<Row | undefined> {
    const [row] = await this.prepared('select', 'get', (db) => db.select(this.fields).from(this.table as PgTable).where(eq(this.table.id, sql.placeholder('id'))), { id });
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
      db.insert(this.table).values(values as T['$inferInsert']).returning(this.fields),
    );
    return row as Row;
  }

  /** Several rows in one statement (an import's), in order. */
  async createMany(values: readonly Create[]): Promise<void> {
    if (values.length === 0) return;
    await this.database.run('insert', this.config.name, (db) => db.insert(this.table).values(values as unknown as T["$inferInsert"][]));
  }

  /** Full replacement: omitted optional fields take their default (null for most). */
  replace(id: number, values: Create): Promise<Row | undefined> {
    return this.update(id, { ...this.config.replaceDefaults, ...values } as Patch);
  }

  /** Partial update. */
  update(id: number, values: Patch): Promise<Row | undefined> {
    return this.updateWhere(id, values as Record<string, unknown>);
  }

  /** An UPDATE of one row; `guard` is an extra condition the row must meet (else undefined). */
  protected async updateWhere(id: number, values: Record<string, unknown>, guard?: SQL): Promise<Row | undefined> {
    const [row] = (await this.database.run('update', this.config.name, (db) =>
      db
        .update(this.table)
        .set({ ...values, updatedAt: sql`now()` } as never)
        .where(and(eq(this.table.id, id), guard))
        .returning(this.fields),
    )) as unknown[];
    return row as Row | undefined;
  }

  async remove(id: number): Promise<boolean> {
    const rows = (await this.database.run('delete', this.config.name, (db) =>
      db.delete(this.table).where(eq(this.table.id, id)).returning({ id: this.table.id }),
    )) as unknown[];
    return rows.length > 0;
  }

  /** The search terms that apply to `q`, each with its LIKE pattern. */
  private searchTerms(q: string | undefined): ActiveTerm[] {
    const text = q?.trim();
    if (!text) return [];
    return this.search.flatMap((term) => {
      const wanted = term.text(text);
      return wanted ? [{ key: term.key, expression: term.expression, via: term.via, pattern: `%${escapeLike(wanted)}%` }] : [];
    });
  }

  private orderBy(sort: string): SQL[] {
    const descending = sort.startsWith('-');
    const field = descending ? sort.slice(1) : sort;
    const column = this.columns[field];
    const summary = this.config.summaries?.[field];
    // The list query's schema allows only the item's fields: anything else is a defect here.
    if (!column && !summary) throw new Error(`${this.config.name} cannot sort by ${field}`);
    const key = summary ? summary.sortKey : this.config.caseInsensitive?.includes(field) ? sql`lower(${column})` : sql`${column}`;
    // Ties broken by id so that pages never repeat or skip a row. Empty values sort last; on
    // NOT NULL columns the plain order is kept so that a b-tree index can serve it.
    const nulls = column?.notNull ? sql`` : sql` nulls last`;
    return descending
      ? [sql`${key} desc${nulls}`, sql`${this.table.id} desc`]
      : [sql`${key} asc${nulls}`, sql`${this.table.id} asc`];
  }
}
