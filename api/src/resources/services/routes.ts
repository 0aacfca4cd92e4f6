import type { FastifyInstance } from 'fastify';
import { registerCollection, registerNestedList } from '../common/routes.ts';
import { Service, ServiceBodies, ServiceListQuery, VehicleServicesQuery } from './schemas.ts';

export default async function serviceRoutes(app: FastifyInstance) {
  const { vehicles, services } = app.repositories;
  registerCollection(app, {
    name: 'services',
    title: 'Service',
    item: Service,
    bodies: ServiceBodies,
    query: ServiceListQuery,
    repository: services,
  });
  registerNestedList(app, {
    parent: { name: 'vehicles', title: 'Vehicle', repository: vehicles },
    child: { name: 'services', item: Service, repository: services },
    key: 'vehicleId',
    query: VehicleServicesQuery,
  });
}
