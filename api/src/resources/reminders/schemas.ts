// A reminder of the next service a vehicle is due (API.md v2), by date, by mileage or both.

import { Type, type Static } from 'typebox';
import { REMINDER_STATUSES } from '../../db/schema.ts';
import { Id, MAX_ID, nullable, Timestamp } from '../common/schemas.ts';

const status = Type.Unsafe<(typeof REMINDER_STATUSES)[number]>({ type: 'string', enum: [...REMINDER_STATUSES], description: 'open, done (a service answered it) or dismissed' });

const fields = {
  vehicleId: Id,
  description: Type.String({ minLength: 1, maxLength: 500, examples: ['Ganti oli mesin'] }),
  dueDate: nullable(Type.String({ format: 'date', description: 'YYYY-MM-DD' })),
  dueMileage: nullable(Type.Integer({ minimum: 0, maximum: 9_999_999, description: 'km' })),
  repeatMonths: nullable(Type.Integer({ minimum: 1, maximum: 120 })),
  repeatKm: nullable(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
  status,
};

export const Reminder = Type.Object({ id: Id, ...fields, serviceId: nullable(Id), createdAt: Timestamp, updatedAt: Timestamp });

export const NewReminder = Type.Object(
  {
    vehicleId: fields.vehicleId,
    description: fields.description,
    dueDate: Type.Optional(fields.dueDate),
    dueMileage: Type.Optional(fields.dueMileage),
    repeatMonths: Type.Optional(fields.repeatMonths),
    repeatKm: Type.Optional(fields.repeatKm),
    status: Type.Optional(fields.status),
  },
  { additionalProperties: false },
);
export const ReminderChanges = Type.Object(Type.Partial(NewReminder).properties, { additionalProperties: false, minProperties: 1 });
export type NewReminderInput = Static<typeof NewReminder>;
export type ReminderChangesInput = Static<typeof ReminderChanges>;

export const ReminderQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_ID, default: 0 })),
    due: Type.Optional(Type.String({ enum: ['overdue', 'soon', 'all'], default: 'all', description: 'overdue: past its date or at its mileage; soon: within 30 days or 1 000 km; all: every reminder' })),
    vehicleId: Type.Optional(Id),
    customerId: Type.Optional(Id),
    status: Type.Optional(status),
  },
  { additionalProperties: false },
);
export type ReminderQueryInput = Static<typeof ReminderQuery>;

export const Message = Type.Object({
  text: Type.String(),
  whatsappUrl: nullable(Type.String({ description: 'https://wa.me/<digits>?text=… from the customer\'s phone; null without one' })),
  mailtoUrl: nullable(Type.String({ description: "mailto: the customer's email; null without one" })),
});
