// Vehicles, each owned by one customer. The whole resource as one plugin: its repository, what
// its constraints mean to a client (including the owner's side of its foreign key), its routes
// and the list of a customer's vehicles.

import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { registerCollection, registerNestedList } from '../common/routes.ts';
import { VehicleRepository } from './repository.ts';
import { CustomerVehiclesQuery, normalizeVehicle, Vehicle, VehicleBodies, VehicleListQuery } from './schemas.ts';

declare module 'fastify' {
  interface FastifyInstance {
    vehicles: VehicleRepository;
  }
}

export default fp(
  async (app: FastifyInstance) => {
    const vehicles = new VehicleRepository(app.database);
    app.decorate('vehicles', vehicles);
    app.describeConstraints({
      vehicles_plate_number_key: { duplicate: { field: '/plateNumber', detail: 'Another vehicle already has this plate number' } },
      vehicles_customer_id_customers_id_fk: {
        missing_reference: { field: '/customerId', detail: 'The customer does not exist' },
        has_dependants: { detail: 'The customer still owns vehicles: delete or reassign them first' },
      },
    });
    registerCollection(app, {
      name: 'vehicles',
      title: 'Vehicle',
      item: Vehicle,
      bodies: VehicleBodies,
      query: VehicleListQuery,
      repository: vehicles,
      normalize: normalizeVehicle,
      // Each vehicle carries its owner's name and phone.
      reads: ['vehicles', 'customers'],
    });
    registerNestedList(app, {
      parent: { name: 'customers', title: 'Customer', repository: app.customers },
      child: { name: 'vehicles', title: 'Vehicle', item: Vehicle, repository: vehicles },
      key: 'customerId',
      query: CustomerVehiclesQuery,
    });
  },
  { name: 'vehicles', dependencies: ['database', 'cache', 'problems', 'customers'] },
);
