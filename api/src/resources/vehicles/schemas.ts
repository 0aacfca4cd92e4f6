// A vehicle, owned by one customer. Plate numbers and VINs are normalised before validation,
// so " b 1234  xyz " is checked and stored as "B 1234 XYZ", and an Indonesian plate typed
// without spaces in its usual form ("b1234abc" → "B 1234 ABC"). Uniqueness ignores spacing
// altogether (the database compares plates without spaces or hyphens).

import { Type, type Static } from 'typebox';
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

/** Read-only: whose the vehicle is, so that a list of vehicles names the owner (sent in a body: 400). */
export const VehicleOwner = Type.Object(
  { name: Type.String(), phone: nullable(Type.String()) },
  { description: "read-only: the owner's name and phone number; sorting by it sorts by the owner's name" },
);
export type VehicleOwner = Static<typeof VehicleOwner>;

export const Vehicle = Item({ ...fields, owner: VehicleOwner });

export type VehicleCreate = Static<typeof VehicleBodies.create>;
export type VehiclePatch = Static<typeof VehicleBodies.patch>;

/** An Indonesian plate: region letters, number, suffix letters (`B 1234 ABC`, `AB 1 C`, `D 42`). */
const INDONESIAN_PLATE = /^([A-Z]{1,2})([0-9]{1,4})([A-Z]{0,3})$/;

/** Upper-case with single spaces; an Indonesian plate in its usual form whatever its spacing. */
export function normalizePlate(text: string): string {
  const spaced = text.replace(/\s+/g, ' ').toUpperCase();
  const parts = INDONESIAN_PLATE.exec(spaced.replace(/[ -]/g, ''));
  return parts ? parts.slice(1).filter(Boolean).join(' ') : spaced;
}

export const normalizeVehicle = {
  plateNumber: normalizePlate,
  vin: (text: string) => text.toUpperCase(),
};

export const VehicleListQuery = ListQuerySchema(Vehicle, { customerId: Type.Optional(Id) });
/** Under /api/customers/:id/vehicles the owner comes from the path. */
export const CustomerVehiclesQuery = ListQuerySchema(Vehicle, {});
export type VehicleQuery = Static<typeof VehicleListQuery>;
