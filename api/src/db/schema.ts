// The workshop's tables. Every rule that two racing requests could break (unique email and
// plate, owners and vehicles that must exist, legal values) is a constraint here, enforced by
// PostgreSQL; the API maps a violation to its status instead of checking first.
// Indexes serve the list endpoints: every sortable field (with id, the tie-breaker) except long
// free text (address, notes, description: up to 2000 characters, too wide for a b-tree key and
// rarely sorted on; a top-N sort over the matches serves them), the filters, and trigram indexes
// for the case-insensitive `q` search (ILIKE '%…%').

import { sql, type SQL } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  date,
  boolean,
  jsonb,
  check,
  index,
  integer,
  numeric,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  varchar,
} from 'drizzle-orm/pg-core';

const timestamps = {
  createdAt: timestamp('created_at', { precision: 3, withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { precision: 3, withTimezone: true }).notNull().defaultNow(),
};

/** A plate as uniqueness and search compare it: without spaces or hyphens (`B1234ABC`). */
export const plateKey = (plate: SQL) => sql`translate(${plate}, ' -', '')`;

/** A phone number's digits alone, as search compares it (`0812-3456-7890` → `081234567890`). */
export const phoneDigits = (phone: SQL) => sql`regexp_replace(${phone}, '[^0-9]', '', 'g')`;

export const customers = pgTable(
  'customers',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    name: varchar('name', { length: 120 }).notNull(),
    email: varchar('email', { length: 254 }),
    phone: varchar('phone', { length: 32 }),
    address: varchar('address', { length: 500 }),
    notes: varchar('notes', { length: 2000 }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('customers_email_key').on(sql`lower(${t.email})`),
    index('customers_created_at_idx').on(t.createdAt, t.id),
    index('customers_updated_at_idx').on(t.updatedAt, t.id),
    index('customers_name_idx').on(sql`lower(${t.name})`, t.id),
    index('customers_phone_idx').on(t.phone, t.id),
    index('customers_name_trgm_idx').using('gin', t.name.op('gin_trgm_ops')),
    index('customers_email_trgm_idx').using('gin', t.email.op('gin_trgm_ops')),
    index('customers_phone_trgm_idx').using('gin', t.phone.op('gin_trgm_ops')),
    index('customers_phone_digits_trgm_idx').using('gin', sql`${phoneDigits(sql`${t.phone}`)} gin_trgm_ops`),
    check('customers_name_check', sql`char_length(btrim(${t.name})) between 1 and 120`),
    check('customers_email_check', sql`${t.email} like '_%@_%'`),
    check('customers_phone_check', sql`${t.phone} ~ '^[0-9 +()-]{3,32}$'`),
  ],
);

export const vehicles = pgTable(
  'vehicles',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'restrict' }),
    plateNumber: varchar('plate_number', { length: 20 }).notNull(),
    make: varchar('make', { length: 60 }).notNull(),
    model: varchar('model', { length: 60 }).notNull(),
    year: smallint('year'),
    color: varchar('color', { length: 30 }),
    vin: varchar('vin', { length: 17 }),
    mileage: integer('mileage'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('vehicles_plate_number_key').on(plateKey(sql`${t.plateNumber}`)),
    index('vehicles_plate_number_idx').on(t.plateNumber, t.id),
    index('vehicles_customer_id_idx').on(t.customerId, t.createdAt),
    index('vehicles_customer_id_sort_idx').on(t.customerId, t.id),
    index('vehicles_color_idx').on(sql`lower(${t.color})`, t.id),
    index('vehicles_vin_idx').on(t.vin, t.id),
    index('vehicles_mileage_idx').on(t.mileage, t.id),
    index('vehicles_created_at_idx').on(t.createdAt, t.id),
    index('vehicles_updated_at_idx').on(t.updatedAt, t.id),
    index('vehicles_make_idx').on(sql`lower(${t.make})`, t.id),
    index('vehicles_model_idx').on(sql`lower(${t.model})`, t.id),
    index('vehicles_year_idx').on(t.year.desc().nullsLast(), t.id.desc().nullsFirst()),
    index('vehicles_plate_key_trgm_idx').using('gin', sql`${plateKey(sql`${t.plateNumber}`)} gin_trgm_ops`),
    index('vehicles_make_trgm_idx').using('gin', t.make.op('gin_trgm_ops')),
    index('vehicles_model_trgm_idx').using('gin', t.model.op('gin_trgm_ops')),
    index('vehicles_vin_trgm_idx').using('gin', t.vin.op('gin_trgm_ops')),
    check('vehicles_plate_number_check', sql`${t.plateNumber} = upper(${t.plateNumber}) and ${t.plateNumber} <> ''`),
    check('vehicles_year_check', sql`${t.year} >= 1900`),
    check('vehicles_vin_check', sql`${t.vin} ~ '^[A-HJ-NPR-Z0-9]{17}$'`),
    check('vehicles_mileage_check', sql`${t.mileage} >= 0`),
  ],
);

/** Exact row counts per table, kept by triggers (migration 0003) for unfiltered totals. */
export const rowCounts = pgTable(
  'row_counts',
  {
    tableName: text('table_name').primaryKey(),
    n: bigint('n', { mode: 'number' }).notNull(),
  },
  (t) => [check('row_counts_n_check', sql`${t.n} >= 0`)],
);

export const SERVICE_STATUSES = ['scheduled', 'in_progress', 'completed', 'cancelled'] as const;
export type ServiceStatus = (typeof SERVICE_STATUSES)[number];

export const services = pgTable(
  'services',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    vehicleId: integer('vehicle_id')
      .notNull()
      .references(() => vehicles.id, { onDelete: 'restrict' }),
    description: varchar('description', { length: 2000 }).notNull(),
    status: text('status').$type<ServiceStatus>().notNull().default('scheduled'),
    scheduledAt: timestamp('scheduled_at', { precision: 3, withTimezone: true }).notNull().defaultNow(),
    /** When work began: set by the database as the status becomes in_progress (migration 0015). */
    startedAt: timestamp('started_at', { precision: 3, withTimezone: true }),
    completedAt: timestamp('completed_at', { precision: 3, withTimezone: true }),
    cost: numeric('cost', { precision: 12, scale: 2, mode: 'number' }).notNull().default(0),
    mileage: integer('mileage'),
    mechanic: varchar('mechanic', { length: 120 }),
    /** The reminder this service answers: completing it marks the reminder done (and renews it). */
    reminderId: integer('reminder_id').references((): AnyPgColumn => reminders.id, { onDelete: 'set null' }),
    ...timestamps,
  },
  (t) => [
    index('services_reminder_id_idx').on(t.reminderId),
    index('services_vehicle_id_idx').on(t.vehicleId, t.createdAt),
    index('services_vehicle_id_sort_idx').on(t.vehicleId, t.id),
    index('services_mileage_idx').on(t.mileage, t.id),
    index('services_mechanic_idx').on(sql`lower(${t.mechanic})`, t.id),
    index('services_created_at_idx').on(t.createdAt, t.id),
    index('services_scheduled_at_idx').on(t.scheduledAt, t.id),
    index('services_updated_at_idx').on(t.updatedAt, t.id),
    index('services_status_scheduled_at_idx').on(t.status, t.scheduledAt),
    index('services_status_idx').on(t.status, t.id),
    index('services_cost_idx').on(t.cost, t.id),
    // Most recently completed first (-completedAt), with open services after them.
    index('services_completed_at_desc_idx').on(t.completedAt.desc().nullsLast(), t.id.desc().nullsFirst()),
    index('services_completed_at_idx').on(t.completedAt, t.cost).where(sql`${t.status} = 'completed'`),
    index('services_description_trgm_idx').using('gin', t.description.op('gin_trgm_ops')),
    index('services_mechanic_trgm_idx').using('gin', t.mechanic.op('gin_trgm_ops')),
    check('services_status_check', sql`${t.status} in ('scheduled', 'in_progress', 'completed', 'cancelled')`),
    check('services_completed_at_check', sql`(${t.status} = 'completed') = (${t.completedAt} is not null)`),
    check('services_started_at_check', sql`${t.status} not in ('in_progress', 'completed') or ${t.startedAt} is not null`),
    check('services_cost_check', sql`${t.cost} >= 0`),
    check('services_mileage_check', sql`${t.mileage} >= 0`),
  ],
);

// Accounts and access (API.md v2). Roles are checked by PostgreSQL as every other legal value.
export const ROLES = ['owner', 'frontdesk', 'mechanic'] as const;
export type Role = (typeof ROLES)[number];

export const users = pgTable(
  'users',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    name: varchar('name', { length: 120 }).notNull(),
    email: varchar('email', { length: 254 }).notNull(),
    role: text('role').$type<Role>().notNull(),
    active: boolean('active').notNull().default(true),
    /** scrypt, salted: `scrypt$N$r$p$salt$hash` (api/src/accounts/passwords.ts). Never answered. */
    passwordHash: text('password_hash').notNull(),
    lastLoginAt: timestamp('last_login_at', { precision: 3, withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('users_email_key').on(sql`lower(${t.email})`),
    check('users_role_check', sql`${t.role} in ('owner', 'frontdesk', 'mechanic')`),
    check('users_name_check', sql`char_length(btrim(${t.name})) between 1 and 120`),
    check('users_email_check', sql`${t.email} like '_%@_%'`),
  ],
);

/** Server-side sessions: the cookie carries a random id; only its SHA-256 is stored. */
export const sessions = pgTable(
  'sessions',
  {
    idHash: text('id_hash').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { precision: 3, withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { precision: 3, withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('sessions_user_id_idx').on(t.userId), index('sessions_last_seen_at_idx').on(t.lastSeenAt)],
);

/** API tokens: shown once, stored as their SHA-256 (a token is long and random: no slow hash needed). */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    name: varchar('name', { length: 120 }).notNull(),
    role: text('role').$type<Role>().notNull(),
    tokenHash: text('token_hash').notNull(),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    expiresAt: timestamp('expires_at', { precision: 3, withTimezone: true }),
    lastUsedAt: timestamp('last_used_at', { precision: 3, withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('api_tokens_token_hash_key').on(t.tokenHash),
    check('api_tokens_role_check', sql`${t.role} in ('owner', 'frontdesk', 'mechanic')`),
    check('api_tokens_name_check', sql`char_length(btrim(${t.name})) between 1 and 120`),
  ],
);

/**
 * Who changed what: written by triggers in the same transaction as each change (and by sign-in
 * itself), refused UPDATE, DELETE and TRUNCATE by the database (migration 0007).
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp('at', { precision: 3, withTimezone: true }).notNull().defaultNow(),
    actorType: text('actor_type').notNull(),
    actorId: integer('actor_id'),
    actorName: varchar('actor_name', { length: 120 }),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: bigint('entity_id', { mode: 'number' }),
    changes: jsonb('changes').$type<Record<string, [unknown, unknown]>>().notNull().default({}),
    requestId: text('request_id'),
    ip: text('ip'),
  },
  (t) => [
    index('audit_log_at_idx').on(t.at, t.id),
    index('audit_log_entity_idx').on(t.entity, t.entityId, t.at),
    index('audit_log_actor_idx').on(t.actorType, t.actorId, t.at),
    index('audit_log_action_idx').on(t.action, t.at),
    check('audit_log_actor_type_check', sql`${t.actorType} in ('user', 'token', 'system')`),
  ],
);

/** Failed sign-ins, by email and by client address, for throttling shared by every API process. */
export const signInFailures = pgTable(
  'sign_in_failures',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp('at', { precision: 3, withTimezone: true }).notNull().defaultNow(),
    email: varchar('email', { length: 254 }),
    ip: text('ip'),
  },
  (t) => [index('sign_in_failures_email_idx').on(sql`lower(${t.email})`, t.at), index('sign_in_failures_ip_idx').on(t.ip, t.at)],
);

// A service's work (API.md v2): parts, labour hours and fees. `amount` is computed by PostgreSQL
// in exact decimal (quantity × unit price, rounded half-up to the cent), and the service's `cost`
// follows the sum of its lines (migration 0010's triggers, in the same transaction).
export const LINE_KINDS = ['part', 'labour', 'fee'] as const;
export type LineKind = (typeof LINE_KINDS)[number];

export const serviceLines = pgTable(
  'service_lines',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    serviceId: integer('service_id')
      .notNull()
      .references(() => services.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<LineKind>().notNull(),
    description: varchar('description', { length: 500 }).notNull(),
    partNumber: varchar('part_number', { length: 60 }),
    quantity: numeric('quantity', { precision: 12, scale: 3, mode: 'number' }).notNull(),
    unitPrice: numeric('unit_price', { precision: 12, scale: 2, mode: 'number' }).notNull(),
    amount: numeric('amount', { precision: 14, scale: 2, mode: 'number' })
      .notNull()
      .generatedAlwaysAs(sql`round("quantity" * "unit_price", 2)`),
    ...timestamps,
  },
  (t) => [
    index('service_lines_service_id_idx').on(t.serviceId, t.id),
    check('service_lines_kind_check', sql`${t.kind} in ('part', 'labour', 'fee')`),
    check('service_lines_quantity_check', sql`${t.quantity} > 0`),
    check('service_lines_unit_price_check', sql`${t.unitPrice} >= 0`),
    check('service_lines_description_check', sql`char_length(btrim(${t.description})) between 1 and 500`),
  ],
);

/** The workshop's own details and rules (API.md v2): one row, read by every role, set by owners. */
export const settings = pgTable(
  'settings',
  {
    id: smallint('id').primaryKey().default(1),
    workshopName: varchar('workshop_name', { length: 120 }).notNull().default('Bengkel'),
    address: varchar('address', { length: 500 }),
    phone: varchar('phone', { length: 32 }),
    email: varchar('email', { length: 254 }),
    taxId: varchar('tax_id', { length: 40 }),
    taxRate: numeric('tax_rate', { precision: 5, scale: 4, mode: 'number' }).notNull().default(0.11),
    currency: varchar('currency', { length: 3 }).notNull().default('IDR'),
    invoicePrefix: varchar('invoice_prefix', { length: 10 }).notNull().default('INV'),
    /** Whose clock says which day it is: invoice years, reminders' today, printed times (migration 0016). */
    timeZone: varchar('time_zone', { length: 64 }).notNull().default('Asia/Jakarta'),
    updatedAt: timestamp('updated_at', { precision: 3, withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('settings_one_row', sql`${t.id} = 1`),
    check('settings_tax_rate_check', sql`${t.taxRate} between 0 and 1`),
    check('settings_currency_check', sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check('settings_invoice_prefix_check', sql`${t.invoicePrefix} ~ '^[A-Z0-9]{1,10}$'`),
  ],
);

// Invoices and payments (API.md v2). An invoice copies what it bills at issue time (customer,
// vehicle, lines), so later edits never change it; it is voided, never edited. Its number is
// gapless within a year: the year's counter is taken in the same transaction as the invoice.
export const INVOICE_STATUSES = ['issued', 'paid', 'void'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];
export const PAYMENT_METHODS = ['cash', 'transfer', 'card', 'qris'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export interface InvoiceLine {
  kind: LineKind;
  description: string;
  partNumber: string | null;
  quantity: number;
  unitPrice: number;
  amount: number;
}

export const invoiceCounters = pgTable('invoice_counters', {
  year: integer('year').primaryKey(),
  last: integer('last').notNull(),
});

export const invoices = pgTable(
  'invoices',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    number: varchar('number', { length: 24 }).notNull(),
    year: integer('year').notNull(),
    sequence: integer('sequence').notNull(),
    serviceId: integer('service_id')
      .notNull()
      .references(() => services.id, { onDelete: 'restrict' }),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'restrict' }),
    issuedAt: timestamp('issued_at', { precision: 3, withTimezone: true }).notNull().defaultNow(),
    customer: jsonb('customer').$type<{ name: string; address: string | null; phone: string | null; email: string | null }>().notNull(),
    vehicle: jsonb('vehicle').$type<{ plateNumber: string; make: string; model: string }>().notNull(),
    lines: jsonb('lines').$type<InvoiceLine[]>().notNull(),
    subtotal: numeric('subtotal', { precision: 14, scale: 2, mode: 'number' }).notNull(),
    taxRate: numeric('tax_rate', { precision: 5, scale: 4, mode: 'number' }).notNull(),
    tax: numeric('tax', { precision: 14, scale: 2, mode: 'number' }).notNull(),
    total: numeric('total', { precision: 14, scale: 2, mode: 'number' }).notNull(),
    paid: numeric('paid', { precision: 14, scale: 2, mode: 'number' }).notNull().default(0),
    status: text('status').$type<InvoiceStatus>().notNull().default('issued'),
    voidReason: varchar('void_reason', { length: 500 }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('invoices_number_key').on(t.number),
    uniqueIndex('invoices_year_sequence_key').on(t.year, t.sequence),
    // One live invoice per service: a void one frees the service for the next.
    uniqueIndex('invoices_live_service_key').on(t.serviceId).where(sql`${t.status} <> 'void'`),
    index('invoices_issued_at_idx').on(t.issuedAt, t.id),
    index('invoices_customer_id_idx').on(t.customerId, t.issuedAt),
    index('invoices_status_idx').on(t.status, t.issuedAt),
    check('invoices_status_check', sql`${t.status} in ('issued', 'paid', 'void')`),
    check('invoices_paid_check', sql`${t.paid} >= 0 and ${t.paid} <= ${t.total}`),
    check('invoices_total_check', sql`${t.total} = ${t.subtotal} + ${t.tax}`),
    check('invoices_void_reason_check', sql`(${t.status} = 'void') = (${t.voidReason} is not null)`),
  ],
);

export const payments = pgTable(
  'payments',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    invoiceId: integer('invoice_id')
      .notNull()
      .references(() => invoices.id, { onDelete: 'restrict' }),
    amount: numeric('amount', { precision: 14, scale: 2, mode: 'number' }).notNull(),
    method: text('method').$type<PaymentMethod>().notNull(),
    paidAt: timestamp('paid_at', { precision: 3, withTimezone: true }).notNull().defaultNow(),
    reference: varchar('reference', { length: 120 }),
    createdAt: timestamp('created_at', { precision: 3, withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('payments_invoice_id_idx').on(t.invoiceId, t.id),
    index('payments_paid_at_idx').on(t.paidAt),
    check('payments_amount_check', sql`${t.amount} > 0`),
    check('payments_method_check', sql`${t.method} in ('cash', 'transfer', 'card', 'qris')`),
  ],
);

// Reminders (API.md v2): the next service a vehicle is due, by date or by mileage or both. One
// answered by a completed service is done, and renewed from that service's date and mileage when
// it repeats (migration 0014's trigger, in the same transaction as the completion).
export const REMINDER_STATUSES = ['open', 'done', 'dismissed'] as const;
export type ReminderStatus = (typeof REMINDER_STATUSES)[number];

export const reminders = pgTable(
  'reminders',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    vehicleId: integer('vehicle_id')
      .notNull()
      .references(() => vehicles.id, { onDelete: 'cascade' }),
    description: varchar('description', { length: 500 }).notNull(),
    dueDate: date('due_date', { mode: 'string' }),
    dueMileage: integer('due_mileage'),
    repeatMonths: smallint('repeat_months'),
    repeatKm: integer('repeat_km'),
    status: text('status').$type<ReminderStatus>().notNull().default('open'),
    serviceId: integer('service_id').references((): AnyPgColumn => services.id, { onDelete: 'set null' }),
    ...timestamps,
  },
  (t) => [
    index('reminders_vehicle_id_idx').on(t.vehicleId, t.id),
    index('reminders_open_due_date_idx').on(t.dueDate).where(sql`${t.status} = 'open'`),
    check('reminders_due_check', sql`${t.dueDate} is not null or ${t.dueMileage} is not null`),
    check('reminders_status_check', sql`${t.status} in ('open', 'done', 'dismissed')`),
    check('reminders_due_mileage_check', sql`${t.dueMileage} >= 0`),
    check('reminders_repeat_months_check', sql`${t.repeatMonths} between 1 and 120`),
    check('reminders_repeat_km_check', sql`${t.repeatKm} between 1 and 1000000`),
    check('reminders_description_check', sql`char_length(btrim(${t.description})) between 1 and 500`),
  ],
);
