import type { FastifyInstance } from 'fastify';
import { registerCollection, registerNestedList } from '../common/routes.ts';
import { CustomerVehiclesQuery, normalizeVehicle, Vehicle, VehicleBodies, VehicleListQuery } from './schemas.ts';

export default async function vehicleRoutes(app: FastifyInstance) {
  const { customers, vehicles } = app.repositories;
  registerCollection(app, {
    name: 'vehicles',
    title: 'Vehicle',
    item: Vehicle,
    bodies: VehicleBodies,
    query: VehicleListQuery,
    repository: vehicles,
    normalize: normalizeVehicle,
  });
  registerNestedList(app, {
    parent: { name: 'customers', title: 'Customer', repository: customers },
    child: { name: 'vehicles', item: Vehicle, repository: vehicles },
    key: 'customerId',
    query: CustomerVehiclesQuery,
  });
}
