// A customer of the workshop: the rules of API.md, written once. They validate requests, type
// the handlers and write the OpenAPI document.

import { Type, type Static } from 'typebox';
import { Bodies, Item, ListQuerySchema, nullable } from '../common/schemas.ts';

const fields = {
  name: Type.String({ minLength: 1, maxLength: 120, examples: ['Budi Santoso'] }),
  email: nullable(Type.String({ format: 'email', maxLength: 254, description: 'unique, case-insensitively' })),
  phone: nullable(
    Type.String({ pattern: '^(?=.*[0-9])[0-9 +()-]{3,32}$', description: '3–32 digits, spaces and + - ( )', examples: ['+62 812-3456-7890'] }),
  ),
  address: nullable(Type.String({ maxLength: 500 })),
  notes: nullable(Type.String({ maxLength: 2000 })),
};

const { name, ...optional } = fields;

export const CustomerBodies = Bodies({ name }, optional);
export const Customer = Item(fields);

export type CustomerCreate = Static<typeof CustomerBodies.create>;
export type CustomerPatch = Static<typeof CustomerBodies.patch>;

export const CustomerListQuery = ListQuerySchema(Customer, {});
