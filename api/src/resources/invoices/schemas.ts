// Invoices and payments as the API answers them (API.md v2).

import { Type, type Static } from 'typebox';
import { INVOICE_STATUSES, LINE_KINDS, PAYMENT_METHODS } from '../../db/schema.ts';
import { dayOrTime, Id, MAX_ID, Money, nullable, Timestamp } from '../common/schemas.ts';

const Amount = Type.Number({ description: 'exact to the cent' });

export const InvoiceLine = Type.Object({
  kind: Type.String({ enum: [...LINE_KINDS] }),
  description: Type.String(),
  partNumber: nullable(Type.String()),
  quantity: Type.Number(),
  unitPrice: Amount,
  amount: Amount,
});

export const Invoice = Type.Object({
  id: Id,
  number: Type.String({ examples: ['INV-2026-000001'], description: '<prefix>-<year>-<6 digits>, gapless within a year' }),
  serviceId: Id,
  customerId: Id,
  issuedAt: Timestamp,
  customer: Type.Object({ name: Type.String(), address: nullable(Type.String()), phone: nullable(Type.String()), email: nullable(Type.String()) }),
  vehicle: Type.Object({ plateNumber: Type.String(), make: Type.String(), model: Type.String() }),
  lines: Type.Array(InvoiceLine),
  subtotal: Amount,
  taxRate: Type.Number(),
  tax: Amount,
  total: Amount,
  paid: Amount,
  balance: Amount,
  status: Type.String({ enum: [...INVOICE_STATUSES] }),
  voidReason: nullable(Type.String()),
});

export const Payment = Type.Object({
  id: Id,
  invoiceId: Id,
  amount: Amount,
  method: Type.String({ enum: [...PAYMENT_METHODS] }),
  paidAt: Timestamp,
  reference: nullable(Type.String()),
  createdAt: Timestamp,
});

export const NewPayment = Type.Object(
  {
    amount: Type.Number({ format: 'money', exclusiveMinimum: 0, maximum: 9_999_999_999.99, description: 'at most the balance' }),
    method: Type.Unsafe<(typeof PAYMENT_METHODS)[number]>({ type: 'string', enum: [...PAYMENT_METHODS] }),
    paidAt: Type.Optional(Type.String({ format: 'date-time', description: 'when it was paid; defaults to now' })),
    reference: Type.Optional(nullable(Type.String({ maxLength: 120, description: 'a transfer or card reference' }))),
  },
  { additionalProperties: false },
);
export type NewPaymentInput = Static<typeof NewPayment>;

export const VoidBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false });

export const InvoiceQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_ID, default: 0 })),
    q: Type.Optional(Type.String({ maxLength: 200, description: 'number, customer name or plate' })),
    status: Type.Optional(Type.String({ enum: [...INVOICE_STATUSES] })),
    customerId: Type.Optional(Id),
    serviceId: Type.Optional(Id),
    from: dayOrTime('issued at or after'),
    to: dayOrTime('issued at or before'),
  },
  { additionalProperties: false },
);
export type InvoiceQueryInput = Static<typeof InvoiceQuery>;

export { Money };
