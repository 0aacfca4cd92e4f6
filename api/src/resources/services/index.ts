// Service records (work orders) on a vehicle. The whole resource as one plugin: its repository,
// what its constraints mean to a client (including the vehicle's side of its foreign key), its
// routes and the list of a vehicle's services. Mechanics may PATCH a service, within limits.

import type { FastifyInstance, preHandlerHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import { HttpProblem } from '../../http/problem.ts';
import { EVERYONE } from '../../plugins/auth.ts';
import { registerCollection, registerNestedList } from '../common/routes.ts';
import { ServiceRepository } from './repository.ts';
import { checkPeriod } from '../common/schemas.ts';
import { Service, ServiceBodies, ServiceListQuery, VehicleServicesQuery } from './schemas.ts';

declare module 'fastify' {
  interface FastifyInstance {
    services: ServiceRepository;
  }
}

/** What a mechanic may change on a service (API.md v2), and only while it is not final. */
const MECHANIC_FIELDS = new Set(['status', 'mileage', 'mechanic']);
const FINAL = new Set(['completed', 'cancelled']);
/** The tables a service's answer is read from: its own, and its vehicle's and owner's summary. */
const SERVICE_READS = ['services', 'vehicles', 'customers'];

function mechanicsWork(services: ServiceRepository): preHandlerHookHandler {
  return async (request) => {
    if (request.role !== 'mechanic') return;
    const others = Object.keys(request.body as object).filter((field) => !MECHANIC_FIELDS.has(field));
    if (others.length > 0) {
      throw new HttpProblem(403, `A mechanic may change a service's status, mileage and mechanic, not ${others.join(', ')}`, {
        code: 'forbidden',
        errors: others.map((field) => ({ path: `/${field}`, message: 'not for the mechanic role' })),
      });
    }
    const { id } = request.params as { id: number };
    const service = await services.get(id);
    if (service && FINAL.has(service.status)) throw new HttpProblem(403, `The service is ${service.status}: only the front desk or an owner may change it now`, { code: 'forbidden' });
  };
}

export default fp(
  async (app: FastifyInstance) => {
    const services = new ServiceRepository(app.database);
    services.onCompleted = (service) => {
      if (service.startedAt && service.completedAt) app.observeServiceDuration((service.completedAt.getTime() - service.startedAt.getTime()) / 1000);
    };
    app.decorate('services', services);
    app.describeConstraints({
      services_reminder_id_reminders_id_fk: { missing_reference: { field: '/reminderId', detail: 'The reminder does not exist' } },
      services_reminder_of_vehicle: { missing_reference: { field: '/reminderId', detail: "The reminder is not this vehicle's" } },
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
      patch: { access: EVERYONE, check: mechanicsWork(services) },
      // Each service carries its vehicle's plate and its owner's name and phone.
      reads: SERVICE_READS,
      // Its mileage raises its vehicle's; deleting it deletes its lines (migration 0010);
      // completing it marks its reminder done and renews it (0014).
      writes: ['services', 'vehicles', 'service_lines', 'reminders'],
    });
    registerNestedList(app, {
      parent: { name: 'vehicles', title: 'Vehicle', repository: app.vehicles },
      child: { name: 'services', title: 'Service', item: Service, repository: services, reads: SERVICE_READS },
      key: 'vehicleId',
      query: VehicleServicesQuery,
      checkQuery: checkPeriod,
    });
  },
  { name: 'services', dependencies: ['database', 'cache', 'problems', 'metrics', 'vehicles'] },
);
