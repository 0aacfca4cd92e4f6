// Reminders and when they are due. A vehicle's latest known mileage is its own, which its
// services' mileage raises (migration 0010): overdue when the due date is past or that mileage
// has reached the due mileage; soon within 30 days or 1 000 km. Dates are the workshop's today (its time zone in settings: migration 0016).

import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { customers, reminders, settings, vehicles } from '../../db/schema.ts';
import type { Page } from '../common/repository.ts';
import type { NewReminderInput, ReminderChangesInput, ReminderQueryInput } from './schemas.ts';

type Row = typeof reminders.$inferSelect;

export const SOON_DAYS = 30;
export const SOON_KM = 1000;

const open = sql`${reminders.status} = 'open'`;
export const overdue = sql`(${open} and ((${reminders.dueDate} is not null and ${reminders.dueDate} < workshop_today()) or (${reminders.dueMileage} is not null and ${vehicles.mileage} >= ${reminders.dueMileage})))`;
export const soon = sql`(${open} and not ${overdue} and ((${reminders.dueDate} is not null and ${reminders.dueDate} <= workshop_today() + ${SOON_DAYS}::int) or (${reminders.dueMileage} is not null and ${vehicles.mileage} >= ${reminders.dueMileage} - ${SOON_KM}::int)))`;

export interface MessageContext {
  reminder: Row;
  vehicle: { plateNumber: string; make: string; model: string; mileage: number | null };
  customer: { name: string; phone: string | null; email: string | null };
  workshop: { workshopName: string; phone: string | null };
}

export class ReminderRepository {
  constructor(private readonly database: Database) {}

  async list(query: ReminderQueryInput): Promise<Page<Row>> {
    const conditions: (SQL | undefined)[] = [
      query.due === 'overdue' ? overdue : query.due === 'soon' ? soon : undefined,
      query.vehicleId ? eq(reminders.vehicleId, query.vehicleId) : undefined,
      query.customerId ? eq(vehicles.customerId, query.customerId) : undefined,
      query.status ? eq(reminders.status, query.status) : undefined,
    ];
    const where = and(...conditions);
    const limit = query.limit ?? 50;
    const offset = query.offset ?? 0;
    // Due first (the earliest date), then the newest.
    const [items, [count]] = await Promise.all([
      this.database.run('select', 'reminders', (db) =>
        db
          .select({ reminder: reminders })
          .from(reminders)
          .innerJoin(vehicles, eq(vehicles.id, reminders.vehicleId))
          .where(where)
          .orderBy(sql`${reminders.dueDate} asc nulls last`, desc(reminders.id))
          .limit(limit)
          .offset(offset),
      ),
      this.database.run('select', 'reminders', (db) =>
        db.select({ total: sql<number>`count(*)::int` }).from(reminders).innerJoin(vehicles, eq(vehicles.id, reminders.vehicleId)).where(where),
      ),
    ]);
    return { items: items.map((row) => row.reminder), total: count!.total, limit, offset };
  }

  async get(id: number): Promise<Row | undefined> {
    const [row] = await this.database.run('select', 'reminders', (db) => db.select().from(reminders).where(eq(reminders.id, id)));
    return row;
  }

  async create(values: NewReminderInput): Promise<Row> {
    const [row] = await this.database.run('insert', 'reminders', (db) => db.insert(reminders).values(values).returning());
    return row!;
  }

  async update(id: number, values: ReminderChangesInput): Promise<Row | undefined> {
    const [row] = await this.database.run('update', 'reminders', (db) => db.update(reminders).set({ ...values, updatedAt: sql`now()` }).where(eq(reminders.id, id)).returning());
    return row;
  }

  async remove(id: number): Promise<boolean> {
    const rows = await this.database.run('delete', 'reminders', (db) => db.delete(reminders).where(eq(reminders.id, id)).returning({ id: reminders.id }));
    return rows.length > 0;
  }

  /** What a message to the vehicle's owner needs. */
  async messageContext(id: number): Promise<MessageContext | undefined> {
    const [row] = await this.database.run('select', 'reminders', (db) =>
      db
        .select({
          reminder: reminders,
          vehicle: { plateNumber: vehicles.plateNumber, make: vehicles.make, model: vehicles.model, mileage: vehicles.mileage },
          customer: { name: customers.name, phone: customers.phone, email: customers.email },
          workshop: { workshopName: settings.workshopName, phone: settings.phone },
        })
        .from(reminders)
        .innerJoin(vehicles, eq(vehicles.id, reminders.vehicleId))
        .innerJoin(customers, eq(customers.id, vehicles.customerId))
        .innerJoin(settings, eq(settings.id, 1))
        .where(eq(reminders.id, id)),
    );
    return row;
  }

  /** Open reminders due now, for `workshop_reminders_due`. */
  async dueCounts(): Promise<{ overdue: number; soon: number }> {
    const [row] = await this.database.run('select', 'reminders', (db) =>
      db
        .select({ overdue: sql<number>`count(*) filter (where ${overdue})::int`, soon: sql<number>`count(*) filter (where ${soon})::int` })
        .from(reminders)
        .innerJoin(vehicles, eq(vehicles.id, reminders.vehicleId))
        .where(open),
    );
    return row ?? { overdue: 0, soon: 0 };
  }
}
