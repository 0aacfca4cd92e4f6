// The workshop's tables. Every rule that two racing requests could break (unique email and
// plate, owners and vehicles that must exist, legal values) is a constraint here, enforced by
// PostgreSQL; the API maps a violation to its status instead of checking first.
// Indexes serve the list endpoints: every sortable field (with id, the tie-breaker) except long
// free text (address, notes, description: up to 2000 characters, too wide for a b-tree key and
// rarely sorted on; a top-N sort over the matches serves them), the filters, and trigram indexes
// for the case-insensitive `q` search (ILIKE '%…%').

import { sql, type SQL } from 'drizzle-orm';
import {
  bigint,
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
    completedAt: timestamp('completed_at', { precision: 3, withTimezone: true }),
    cost: numeric('cost', { precision: 12, scale: 2, mode: 'number' }).notNull().default(0),
    mileage: integer('mileage'),
    mechanic: varchar('mechanic', { length: 120 }),
    ...timestamps,
  },
  (t) => [
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
    check('services_cost_check', sql`${t.cost} >= 0`),
    check('services_mileage_check', sql`${t.mileage} >= 0`),
  ],
);
