// A vehicle, owned by one customer. Plate numbers and VINs are normalised before validation,
// so " b 1234  xyz " is checked (and stored, and compared for uniqueness) as "B 1234 XYZ".

import { Type } from 'typebox';
import { Bodies, Id, Item, ListQuerySchema, nullable } from '../common/schemas.ts';

const fields = {
  customerId: Id,
  plateNumber: Type.String({
    minLength: 1,
    maxLength: 20,
    pattern: '^[A-Z0-9][A-Z0-9 -]*$',
    description: 'stored upper-case with single spaces; unique',
    examples: ['B 1234 XYZ'],
  }),
  make: Type.String({ minLength: 1, maxLength: 60, examples: ['Toyota'] }),
  model: Type.String({ minLength: 1, maxLength: 60, examples: ['Avanza'] }),
  year: nullable(Type.Integer({ format: 'model-year', minimum: 1900, description: '1900 up to next calendar year' })),
  color: nullable(Type.String({ maxLength: 30 })),
  vin: nullable(Type.String({ pattern: '^[A-HJ-NPR-Z0-9]{17}$', description: '17 characters, no I, O or Q; stored upper-case' })),
  mileage: nullable(Type.Integer({ minimum: 0, maximum: 9_999_999, description: 'km' })),
};

const { customerId, plateNumber, make, model, ...optional } = fields;

export const VehicleBodies = Bodies({ customerId, plateNumber, make, model }, optional);
export const Vehicle = Item(fields);

export const normalizeVehicle = {
  plateNumber: (text: string) => text.replace(/\s+/g, ' ').toUpperCase(),
  vin: (text: string) => text.toUpperCase(),
};

export const VEHICLE_SORT = ['id', 'plateNumber', 'make', 'model', 'year', 'createdAt', 'updatedAt'] as const;
export const VehicleListQuery = ListQuerySchema(VEHICLE_SORT, { customerId: Type.Optional(Id) });
/** Under /api/customers/:id/vehicles the owner comes from the path. */
export const CustomerVehiclesQuery = ListQuerySchema(VEHICLE_SORT, {});
