import { eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { plateKey, vehicles } from '../../db/schema.ts';
import { CollectionRepository, type Filter } from '../common/repository.ts';
import { VehicleBodies, type VehicleCreate, type VehiclePatch, type VehicleQuery } from './schemas.ts';

export class VehicleRepository extends CollectionRepository<typeof vehicles, VehicleCreate, VehiclePatch, VehicleQuery> {
  constructor(database: Database) {
    super(database, {
      name: 'vehicles',
      table: vehicles,
      search: [
        // A plate is one plate whatever its spacing: `b1234` finds `B 1234 ABC` (the same key
        // the unique index compares).
        { key: 'plate', expression: plateKey(sql`${vehicles.plateNumber}`), text: (q) => q.replace(/[\s-]+/g, '') || undefined },
        vehicles.make,
        vehicles.model,
        vehicles.vin,
      ],
      caseInsensitive: ['make', 'model', 'color'],
      replaceDefaults: VehicleBodies.replaceDefaults,
    });
  }

  protected override filters(query: VehicleQuery): Filter[] {
    if (query.customerId === undefined) return [];
    return [{ key: 'customerId', value: query.customerId, where: (value) => eq(vehicles.customerId, value) }];
  }
}
