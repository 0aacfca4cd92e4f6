// A service record (work order) on a vehicle. Its status moves scheduled → in_progress →
// completed, or to cancelled from either open state; the moves are enforced by the repository
// in the same UPDATE that makes them, so two racing requests cannot both move it.

import { Type, type Static } from 'typebox';
import { SERVICE_STATUSES, type ServiceStatus } from '../../db/schema.ts';
import { Bodies, dayOrTime, Id, Item, ListQuerySchema, Money, nullable, Timestamp } from '../common/schemas.ts';
import { Vehicle } from '../vehicles/schemas.ts';

const status = (values: readonly ServiceStatus[], description: string) =>
  Type.Unsafe<ServiceStatus>({ type: 'string', enum: [...values], description });

const fields = {
  vehicleId: Id,
  description: Type.String({ minLength: 1, maxLength: 2000, examples: ['Oil change and brake check'] }),
  status: status(SERVICE_STATUSES, 'scheduled → in_progress → completed; scheduled | in_progress → cancelled'),
  scheduledAt: Type.String({ format: 'date-time', description: 'ISO 8601 with a zone; defaults to the time of creation' }),
  cost: Money('at most 2 decimals (a third is refused, never rounded)', { default: 0 }),
  mileage: nullable(Type.Integer({ minimum: 0, maximum: 9_999_999, description: 'km' })),
  mechanic: nullable(Type.String({ maxLength: 120 })),
  reminderId: nullable({ ...Id, description: 'the reminder this service answers: completing it marks the reminder done (and renews one that repeats)' }),
};

const { vehicleId, description, ...optional } = fields;

export const ServiceBodies = Bodies({ vehicleId, description }, optional, {
  status: status(['scheduled', 'in_progress'], 'a new service starts scheduled (default) or in_progress'),
});

export type ServiceCreate = Static<typeof ServiceBodies.create>;
export type ServicePatch = Static<typeof ServiceBodies.patch>;

/**
 * Read-only: who and what the service is for, from its vehicle and the vehicle's owner, so that a
 * list of services says it without a request per row (sent in a body: 400).
 */
export const ServiceVehicle = Type.Object(
  {
    plateNumber: Vehicle.properties.plateNumber,
    make: Vehicle.properties.make,
    model: Vehicle.properties.model,
    customerId: Id,
    customerName: Type.String(),
    customerPhone: nullable(Type.String()),
  },
  { description: "read-only: the vehicle's plate, make and model and its owner; sorting by it sorts by the plate" },
);
export type ServiceVehicle = Static<typeof ServiceVehicle>;

export const Service = Item({
  ...fields,
  scheduledAt: Type.Unsafe<string | Date>({ ...Timestamp, description: 'ISO 8601, UTC' }),
  startedAt: nullable(Type.Unsafe<string | Date>({ ...Timestamp, description: 'set when the status becomes in_progress (kept once set)' })),
  completedAt: nullable(Type.Unsafe<string | Date>({ ...Timestamp, description: 'set when the status becomes completed' })),
  vehicle: ServiceVehicle,
});

const serviceFilters = {
  status: Type.Optional(status(SERVICE_STATUSES, 'only services in this status')),
  from: dayOrTime('scheduled at or after'),
  to: dayOrTime('scheduled at or before'),
};

export const ServiceListQuery = ListQuerySchema(Service, {
  vehicleId: Type.Optional(Id),
  customerId: Type.Optional({ ...Id, description: "only services on this customer's vehicles" }),
  ...serviceFilters,
});
/** Under /api/vehicles/:id/services the vehicle comes from the path. */
export const VehicleServicesQuery = ListQuerySchema(Service, serviceFilters);
export type ServiceQuery = Static<typeof ServiceListQuery>;
