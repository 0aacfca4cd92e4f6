// Service records (work orders) on a vehicle. The whole resource as one plugin: its repository,
// what its constraints mean to a client (including the vehicle's side of its foreign key), its
// routes and the list of a vehicle's services.

import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { registerCollection, registerNestedList } from '../common/routes.ts';
import { ServiceRepository } from './repository.ts';
import { checkPeriod, Service, ServiceBodies, ServiceListQuery, VehicleServicesQuery } from './schemas.ts';

declare module 'fastify' {
  interface FastifyInstance {
    services: ServiceRepository;
  }
}

export default fp(
  async (app: FastifyInstance) => {
    const services = new ServiceRepository(app.database);
    app.decorate('services', services);
    app.describeConstraints({
      services_vehicle_id_vehicles_id_fk: {
        missing_reference: { field: '/vehicleId', detail: 'The vehicle does not exist' },
        has_dependants: { detail: 'The vehicle still has service records: delete them first' },
      },
    });
    registerCollection(app, {
      name: 'services',
      title: 'Service',
      item: Service,
      bodies: ServiceBodies,
      query: ServiceListQuery,
      repository: services,
      checkQuery: checkPeriod,
    });
    registerNestedList(app, {
      parent: { name: 'vehicles', title: 'Vehicle', repository: app.vehicles },
      child: { name: 'services', title: 'Service', item: Service, repository: services },
      key: 'vehicleId',
      query: VehicleServicesQuery,
      checkQuery: checkPeriod,
    });
  },
  { name: 'services', dependencies: ['database', 'cache', 'problems', 'vehicles'] },
);
