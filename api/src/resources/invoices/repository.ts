// Issuing, paying and voiding invoices, each in one transaction whose rules PostgreSQL keeps:
// the year's counter row is taken with the invoice (gapless numbers, even when two are issued at
// once: the second waits for the first's commit or rollback), one live invoice per service (a
// unique index), payments never above the balance (checked in the UPDATE that adds them), and
// amounts computed in exact decimal by the database.

import { and, asc, desc, eq, gte, ilike, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Db, Database } from '../../db/client.ts';
import { Refused } from '../../db/errors.ts';
import { invoiceCounters, invoices, payments, serviceLines, services, settings, vehicles, customers, type InvoiceLine } from '../../db/schema.ts';
import { escapeLike, type Page } from '../common/repository.ts';
import { period } from '../common/schemas.ts';
import type { InvoiceQueryInput, NewPaymentInput } from './schemas.ts';

type InvoiceRow = typeof invoices.$inferSelect;
export type InvoiceAnswer = Omit<InvoiceRow, 'year' | 'sequence' | 'createdAt' | 'updatedAt'> & { balance: number };

/** The invoice as answered: its balance computed in exact decimal by PostgreSQL. */
const columns = {
  id: invoices.id,
  number: invoices.number,
  serviceId: invoices.serviceId,
  customerId: invoices.customerId,
  issuedAt: invoices.issuedAt,
  customer: invoices.customer,
  vehicle: invoices.vehicle,
  lines: invoices.lines,
  subtotal: invoices.subtotal,
  taxRate: invoices.taxRate,
  tax: invoices.tax,
  total: invoices.total,
  paid: invoices.paid,
  balance: sql<string>`(${invoices.total} - ${invoices.paid})::text`,
  status: invoices.status,
  voidReason: invoices.voidReason,
};

const answer = (row: Omit<InvoiceAnswer, 'balance'> & { balance: string }): InvoiceAnswer => ({ ...row, balance: Number(row.balance) });


export class InvoiceRepository {
  constructor(private readonly database: Database) {}

  /**
   * Issues the invoice of a completed service; undefined when the service does not exist.
   * Refused: a service not completed (409), one with a live invoice already (409, the index).
   */
  async issue(serviceId: number): Promise<InvoiceAnswer | undefined> {
    return this.database.run('insert', 'invoices', (db) =>
      db.transaction(async (tx) => {
        const [service] = await tx
          .select({
            status: services.status,
            description: services.description,
            cost: services.cost,
            plateNumber: vehicles.plateNumber,
            make: vehicles.make,
            model: vehicles.model,
            customerId: customers.id,
            name: customers.name,
            address: customers.address,
            phone: customers.phone,
            email: customers.email,
          })
          .from(services)
          .innerJoin(vehicles, eq(vehicles.id, services.vehicleId))
          .innerJoin(customers, eq(customers.id, vehicles.customerId))
          .where(eq(services.id, serviceId))
          .for('update', { of: services });
        if (!service) return undefined;
        if (service.status !== 'completed') {
          throw new Refused('illegal_move', { field: '/status', message: `Only a completed service is invoiced; this one is ${service.status}` });
        }
        const stored = await tx
          .select({ kind: serviceLines.kind, description: serviceLines.description, partNumber: serviceLines.partNumber, quantity: serviceLines.quantity, unitPrice: serviceLines.unitPrice, amount: serviceLines.amount })
          .from(serviceLines)
          .where(eq(serviceLines.serviceId, serviceId))
          .orderBy(asc(serviceLines.id));
        // Without lines, the service is billed as one fee of its description and cost.
        const lines: InvoiceLine[] = stored.length ? stored : [{ kind: 'fee', description: service.description, partNumber: null, quantity: 1, unitPrice: service.cost, amount: service.cost }];
        const [counter] = await tx
          .insert(invoiceCounters)
          .values({ year: sql`extract(year from now() at time zone workshop_time_zone())::int`, last: 1 })
          .onConflictDoUpdate({ target: invoiceCounters.year, set: { last: sql`${invoiceCounters.last} + 1` } })
          .returning();
        const [setting] = await tx.select({ prefix: settings.invoicePrefix }).from(settings).where(eq(settings.id, 1));
        const number = `${setting!.prefix}-${counter!.year}-${String(counter!.last).padStart(6, '0')}`;
        // Subtotal, tax and total in exact decimal (as text, never a binary float): the service's
        // cost is the sum of its lines; the tax is rounded half-up to the cent.
        const [money] = await tx
          .select({
            subtotal: sql<string>`${services.cost}::text`,
            taxRate: sql<string>`${settings.taxRate}::text`,
            tax: sql<string>`round(${services.cost} * ${settings.taxRate}, 2)::text`,
          })
          .from(services)
          .innerJoin(settings, eq(settings.id, 1))
          .where(eq(services.id, serviceId));
        const decimal = (text: string) => sql`${text}::numeric`;
        const [row] = await tx
          .insert(invoices)
          .values({
            number,
            year: counter!.year,
            sequence: counter!.last,
            serviceId,
            customerId: service.customerId,
            customer: { name: service.name, address: service.address, phone: service.phone, email: service.email },
            vehicle: { plateNumber: service.plateNumber, make: service.make, model: service.model },
            lines,
            subtotal: decimal(money!.subtotal) as never,
            taxRate: decimal(money!.taxRate) as never,
            tax: decimal(money!.tax) as never,
            total: sql`${money!.subtotal}::numeric + ${money!.tax}::numeric` as never,
          })
          .returning({ id: invoices.id });
        return this.read(tx, row!.id);
      }),
    );
  }

  private async read(db: Db, id: number): Promise<InvoiceAnswer | undefined> {
    const [row] = await db.select(columns).from(invoices).where(eq(invoices.id, id));
    return row && answer(row);
  }

  get(id: number): Promise<InvoiceAnswer | undefined> {
    return this.database.run('select', 'invoices', (db) => this.read(db, id));
  }

  async list(query: InvoiceQueryInput): Promise<Page<InvoiceAnswer>> {
    const { from, to, toDay } = period(query);
    const q = query.q?.trim();
    const conditions: (SQL | undefined)[] = [
      query.status ? eq(invoices.status, query.status as InvoiceRow['status']) : undefined,
      query.customerId ? eq(invoices.customerId, query.customerId) : undefined,
      query.serviceId ? eq(invoices.serviceId, query.serviceId) : undefined,
      from ? gte(invoices.issuedAt, from) : undefined,
      to ? (toDay ? lt(invoices.issuedAt, to) : lte(invoices.issuedAt, to)) : undefined,
      q
        ? or(
            ilike(invoices.number, `%${escapeLike(q)}%`),
            ilike(sql`${invoices.customer} ->> 'name'`, `%${escapeLike(q)}%`),
            ilike(sql`replace(${invoices.vehicle} ->> 'plateNumber', ' ', '')`, `%${escapeLike(q.replace(/\s+/g, ''))}%`),
          )
        : undefined,
    ];
    const where = and(...conditions);
    const limit = query.limit ?? 50;
    const offset = query.offset ?? 0;
    const [rows, [count]] = await Promise.all([
      this.database.run('select', 'invoices', (db) => db.select(columns).from(invoices).where(where).orderBy(desc(invoices.issuedAt), desc(invoices.id)).limit(limit).offset(offset)),
      this.database.run('select', 'invoices', (db) => db.select({ total: sql<number>`count(*)::int` }).from(invoices).where(where)),
    ]);
    return { items: rows.map(answer), total: count!.total, limit, offset };
  }

  /**
   * Records a payment and adds it to the invoice, in one transaction; undefined when there is no
   * such invoice. Refused: a void invoice (409); more than the balance (422).
   */
  async pay(invoiceId: number, payment: NewPaymentInput): Promise<typeof payments.$inferSelect | undefined> {
    return this.database.run('insert', 'payments', (db) =>
      db.transaction(async (tx) => {
        const amount = sql`${String(payment.amount)}::numeric`;
        const [updated] = await tx
          .update(invoices)
          .set({
            paid: sql`${invoices.paid} + ${amount}`,
            status: sql`case when ${invoices.paid} + ${amount} = ${invoices.total} then 'paid' else ${invoices.status} end`,
            updatedAt: sql`now()`,
          })
          .where(and(eq(invoices.id, invoiceId), sql`${invoices.status} <> 'void'`, sql`${invoices.paid} + ${amount} <= ${invoices.total}`))
          .returning({ id: invoices.id });
        if (!updated) {
          const current = await this.read(tx, invoiceId);
          if (!current) return undefined;
          if (current.status === 'void') throw new Refused('illegal_move', { message: 'A void invoice takes no payments' });
          throw new Refused('unprocessable', { field: '/amount', message: `More than the balance of ${current.balance}` });
        }
        const [row] = await tx
          .insert(payments)
          .values({ invoiceId, amount: payment.amount, method: payment.method, reference: payment.reference ?? null, ...(payment.paidAt ? { paidAt: new Date(payment.paidAt) } : {}) })
          .returning();
        return row!;
      }),
    );
  }

  payments(invoiceId: number): Promise<(typeof payments.$inferSelect)[]> {
    return this.database.run('select', 'payments', (db) => db.select().from(payments).where(eq(payments.invoiceId, invoiceId)).orderBy(asc(payments.id)));
  }

  /** Voids an invoice; undefined when there is none. Refused: one already void (409). */
  async void(id: number, reason: string): Promise<InvoiceAnswer | undefined> {
    return this.database.run('update', 'invoices', (db) =>
      db.transaction(async (tx) => {
        const [row] = await tx
          .update(invoices)
          .set({ status: 'void', voidReason: reason.trim(), updatedAt: sql`now()` })
          .where(and(eq(invoices.id, id), sql`${invoices.status} <> 'void'`))
          .returning({ id: invoices.id });
        if (row) return this.read(tx, row.id);
        const current = await this.read(tx, id);
        if (!current) return undefined;
        throw new Refused('illegal_move', { message: 'The invoice is void already' });
      }),
    );
  }
}
