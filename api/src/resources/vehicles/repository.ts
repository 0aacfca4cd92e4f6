import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { vehicles } from '../../db/schema.ts';
import { CollectionRepository, type Filter } from '../common/repository.ts';
import type { ListQuery } from '../common/schemas.ts';
import { VehicleBodies } from './schemas.ts';

export class VehicleRepository extends CollectionRepository<typeof vehicles> {
  constructor(database: Database) {
    super(database, {
      name: 'vehicles',
      table: vehicles,
      search: [vehicles.plateNumber, vehicles.make, vehicles.model, vehicles.vin],
      sort: {
        id: vehicles.id,
        plateNumber: vehicles.plateNumber,
        make: vehicles.make,
        model: vehicles.model,
        year: vehicles.year,
        createdAt: vehicles.createdAt,
        updatedAt: vehicles.updatedAt,
      },
      caseInsensitive: ['make', 'model'],
      replaceDefaults: VehicleBodies.replaceDefaults,
    });
  }

  protected override filters(query: ListQuery & { customerId?: number }): Filter[] {
    if (query.customerId === undefined) return [];
    return [{ key: 'customerId', value: query.customerId, where: (value) => eq(vehicles.customerId, value) }];
  }
}
