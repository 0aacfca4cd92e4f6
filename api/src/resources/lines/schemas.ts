// A line of a service's work (API.md v2): a part, labour hours or a fee. The amount is the
// database's: quantity × unit price in exact decimal, rounded half-up to the cent.

import { Type, type Static } from 'typebox';
import { LINE_KINDS } from '../../db/schema.ts';
import { Id, Money, nullable, Timestamp } from '../common/schemas.ts';

const MAX_QUANTITY = 999_999_999.999;

const fields = {
  kind: Type.Unsafe<(typeof LINE_KINDS)[number]>({ type: 'string', enum: [...LINE_KINDS], description: 'part, labour (quantity in hours) or fee' }),
  description: Type.String({ minLength: 1, maxLength: 500, examples: ['Oli mesin 10W-40'] }),
  partNumber: nullable(Type.String({ maxLength: 60 })),
  quantity: Type.Number({ format: 'quantity', exclusiveMinimum: 0, maximum: MAX_QUANTITY, description: 'above 0, at most 3 decimals; hours for labour' }),
  unitPrice: Money('at most 2 decimals'),
};

export const NewLine = Type.Object(
  { kind: fields.kind, description: fields.description, partNumber: Type.Optional(fields.partNumber), quantity: fields.quantity, unitPrice: fields.unitPrice },
  { additionalProperties: false },
);
export const LineChanges = Type.Object(Type.Partial(NewLine).properties, { additionalProperties: false, minProperties: 1 });
export type NewLineInput = Static<typeof NewLine>;
export type LineChangesInput = Static<typeof LineChanges>;

export const Line = Type.Object({
  id: Id,
  serviceId: Id,
  ...fields,
  amount: Type.Number({ description: 'quantity × unitPrice, rounded half-up to 2 decimals (read-only)' }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const LineParams = Type.Object({ id: Id, lineId: Id }, { additionalProperties: false });
