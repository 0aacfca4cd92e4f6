// A service record (work order) on a vehicle. Its status moves scheduled → in_progress →
// completed, or to cancelled from either open state; the moves are enforced by the repository
// in the same UPDATE that makes them, so two racing requests cannot both move it.

import { Type } from 'typebox';
import { SERVICE_STATUSES, type ServiceStatus } from '../../db/schema.ts';
import { Bodies, Id, Item, ListQuerySchema, nullable } from '../common/schemas.ts';

const status = (values: readonly ServiceStatus[], description: string) =>
  Type.Unsafe<ServiceStatus>({ type: 'string', enum: [...values], description });

const fields = {
  vehicleId: Id,
  description: Type.String({ minLength: 1, maxLength: 2000, examples: ['Oil change and brake check'] }),
  status: status(SERVICE_STATUSES, 'scheduled → in_progress → completed; scheduled | in_progress → cancelled'),
  scheduledAt: Type.String({ format: 'date-time', description: 'ISO 8601 with a zone; defaults to the time of creation' }),
  cost: Type.Number({ format: 'money', minimum: 0, maximum: 9_999_999_999.99, default: 0, description: 'at most 2 decimals' }),
  mileage: nullable(Type.Integer({ minimum: 0, maximum: 9_999_999, description: 'km' })),
  mechanic: nullable(Type.String({ maxLength: 120 })),
};

const { vehicleId, description, ...optional } = fields;

export const ServiceBodies = Bodies({ vehicleId, description }, optional, {
  status: status(['scheduled', 'in_progress'], 'a new service starts scheduled (default) or in_progress'),
});

export const Service = Item({
  ...fields,
  completedAt: nullable(Type.String({ format: 'date-time', description: 'set when the status becomes completed' })),
});

export const SERVICE_SORT = ['id', 'scheduledAt', 'completedAt', 'status', 'cost', 'createdAt', 'updatedAt'] as const;

const dayOrTime = (description: string) =>
  Type.Optional(Type.String({ format: 'date-or-date-time', description: `${description}; a date alone means that whole day (UTC)` }));

const serviceFilters = {
  status: Type.Optional(status(SERVICE_STATUSES, 'only services in this status')),
  from: dayOrTime('scheduled at or after'),
  to: dayOrTime('scheduled at or before'),
};

export const ServiceListQuery = ListQuerySchema(SERVICE_SORT, { vehicleId: Type.Optional(Id), ...serviceFilters });
/** Under /api/vehicles/:id/services the vehicle comes from the path. */
export const VehicleServicesQuery = ListQuerySchema(SERVICE_SORT, serviceFilters);

