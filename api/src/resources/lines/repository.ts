import { and, asc, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { serviceLines } from '../../db/schema.ts';
import type { LineChangesInput, NewLineInput } from './schemas.ts';

type Row = typeof serviceLines.$inferSelect;

/** A service's lines; the rules (open services only, the service's cost) are the database's. */
export class LineRepository {
  constructor(private readonly database: Database) {}

  list(serviceId: number): Promise<Row[]> {
    return this.database.run('select', 'service_lines', (db) => db.select().from(serviceLines).where(eq(serviceLines.serviceId, serviceId)).orderBy(asc(serviceLines.id)));
  }

  async get(serviceId: number, id: number): Promise<Row | undefined> {
    const [row] = await this.database.run('select', 'service_lines', (db) =>
      db.select().from(serviceLines).where(and(eq(serviceLines.serviceId, serviceId), eq(serviceLines.id, id))),
    );
    return row;
  }

  async create(serviceId: number, values: NewLineInput): Promise<Row> {
    const [row] = await this.database.run('insert', 'service_lines', (db) =>
      db.insert(serviceLines).values({ ...values, partNumber: values.partNumber ?? null, serviceId }).returning(),
    );
    return row!;
  }

  async update(serviceId: number, id: number, values: LineChangesInput): Promise<Row | undefined> {
    const [row] = await this.database.run('update', 'service_lines', (db) =>
      db
        .update(serviceLines)
        .set({ ...values, updatedAt: sql`now()` })
        .where(and(eq(serviceLines.serviceId, serviceId), eq(serviceLines.id, id)))
        .returning(),
    );
    return row;
  }

  async remove(serviceId: number, id: number): Promise<boolean> {
    const rows = await this.database.run('delete', 'service_lines', (db) =>
      db.delete(serviceLines).where(and(eq(serviceLines.serviceId, serviceId), eq(serviceLines.id, id))).returning({ id: serviceLines.id }),
    );
    return rows.length > 0;
  }
}
