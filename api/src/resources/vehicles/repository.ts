import { eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { customers, plateKey, vehicles } from '../../db/schema.ts';
import { CollectionRepository, qualified as q, type Filter, type SearchTerm } from '../common/repository.ts';
import { VehicleBodies, type VehicleCreate, type VehicleOwner, type VehiclePatch, type VehicleQuery } from './schemas.ts';

/**
 * A plate is one plate whatever its spacing: `b1234` finds `B 1234 ABC` (the same key the
 * unique index compares). Services search their vehicle's plate with it too.
 */
export const plateSearch: SearchTerm = {
  key: 'plate',
  expression: plateKey(sql`${vehicles.plateNumber}`),
  text: (q) => q.replace(/[\s-]+/g, '') || undefined,
};

/** JSON from the database (PGlite and pg parse it; a driver that does not gives text). */
export const fromJson = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;

export type VehicleRow = typeof vehicles.$inferSelect & { owner: VehicleOwner };

export class VehicleRepository extends CollectionRepository<typeof vehicles, VehicleCreate, VehiclePatch, VehicleQuery, VehicleRow> {
  constructor(database: Database) {
    super(database, {
      name: 'vehicles',
      table: vehicles,
      search: [plateSearch, vehicles.make, vehicles.model, vehicles.vin],
      caseInsensitive: ['make', 'model', 'color'],
      replaceDefaults: VehicleBodies.replaceDefaults,
      summaries: {
        // Whose it is, for lists that name the owner (sorted by their name).
        owner: {
          value: sql`(select json_build_object('name', ${q(customers.name)}, 'phone', ${q(customers.phone)}) from ${customers} where ${q(customers.id)} = ${q(vehicles.customerId)})`.mapWith(fromJson),
          sortKey: sql`(select lower(${q(customers.name)}) from ${customers} where ${q(customers.id)} = ${q(vehicles.customerId)})`,
        },
      },
    });
  }

  protected override filters(query: VehicleQuery): Filter[] {
    if (query.customerId === undefined) return [];
    return [{ key: 'customerId', value: query.customerId, where: (value) => eq(vehicles.customerId, value) }];
  }
}
