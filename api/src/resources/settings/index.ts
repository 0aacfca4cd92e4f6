// The workshop's own details and rules (API.md v2): its name and contacts for invoices, the tax
// rate (PPN, 11 % by default), the currency, the invoice number prefix and the time zone. Every role reads them;
// owners change them (a full replacement, omitted fields back to their defaults).

import { eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Type, type Static } from 'typebox';
import { settings } from '../../db/schema.ts';
import { EVERYONE, OWNERS } from '../../plugins/auth.ts';
import { cachedRead, normalizeBody, problems } from '../common/routes.ts';
import { nullable, Timestamp } from '../common/schemas.ts';

const text = (maxLength: number) => nullable(Type.String({ maxLength }));
const fields = {
  workshopName: Type.String({ minLength: 1, maxLength: 120, default: 'Bengkel', examples: ['Bengkel Maju Jaya'] }),
  address: text(500),
  phone: text(32),
  email: nullable(Type.String({ format: 'email', maxLength: 254 })),
  taxId: text(40),
  taxRate: Type.Number({ minimum: 0, maximum: 1, multipleOf: 0.0001, default: 0.11, description: 'tax on invoices as a fraction: 0.11 is 11 % (PPN)' }),
  currency: Type.String({ pattern: '^[A-Z]{3}$', default: 'IDR', description: 'ISO 4217' }),
  invoicePrefix: Type.String({ pattern: '^[A-Z0-9]{1,10}$', default: 'INV', description: 'invoice numbers read <prefix>-<year>-<6 digits>' }),
  timeZone: Type.String({
    format: 'time-zone',
    maxLength: 64,
    default: 'Asia/Jakarta',
    description: "the workshop's IANA time zone: which day it is for reminders and invoice years, and the times printed on invoices",
    examples: ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'],
  }),
};

export const Settings = Type.Object({ ...fields, updatedAt: Timestamp });
const SettingsBody = Type.Object(
  Object.fromEntries(Object.entries(fields).map(([key, schema]) => [key, key === 'workshopName' ? schema : Type.Optional(schema)])) as {
    [K in keyof typeof fields]: K extends 'workshopName' ? (typeof fields)[K] : ReturnType<typeof Type.Optional<(typeof fields)[K]>>;
  },
  { additionalProperties: false },
);
type SettingsInput = Static<typeof SettingsBody>;

/**
 * What a PUT stores for a field it leaves out. Not `timeZone`, which API.md does not name: a
 * client written to the contract leaves it out, and keeps the workshop's.
 */
const DEFAULTS = { address: null, phone: null, email: null, taxId: null, taxRate: 0.11, currency: 'IDR', invoicePrefix: 'INV' };

export default fp(
  async (app: FastifyInstance) => {
    const read = async () => {
      const [row] = await app.database.run('select', 'settings', (db) => db.select().from(settings).where(eq(settings.id, 1)));
      return row!;
    };
    app.decorate('settings', { read });
    app.describeConstraints({
      settings_time_zone_known: { invalid_value: { field: '/timeZone', detail: 'The database does not know this time zone' } },
    });
    const tags = ['Settings'];

    app.get('/api/settings', {
      schema: { operationId: 'getSettings', tags, summary: "The workshop's settings", description: 'Every role may read them.', response: { 200: Settings, ...problems(401, 403, 503) } },
      config: { access: EVERYONE },
      handler: (request, reply) => cachedRead(app, request, reply, 'item', ['settings'], read),
    });

    app.put<{ Body: SettingsInput }>('/api/settings', {
      schema: {
        operationId: 'replaceSettings',
        tags,
        summary: "Change the workshop's settings",
        description: 'Owners only. A full replacement: omitted fields go back to their defaults, except `timeZone`, which is kept.',
        body: SettingsBody,
        response: { 200: Settings, ...problems(400, 401, 403, 413, 415, 503) },
      },
      config: { access: OWNERS, writes: ['settings'] },
      preValidation: normalizeBody(SettingsBody),
      handler: async (request) => {
        const [row] = await app.database.run('update', 'settings', (db) =>
          db.update(settings).set({ ...DEFAULTS, ...request.body, updatedAt: sql`now()` }).where(eq(settings.id, 1)).returning(),
        );
        return row!;
      },
    });
  },
  { name: 'settings', dependencies: ['database', 'cache', 'auth'] },
);

declare module 'fastify' {
  interface FastifyInstance {
    settings: { read(): Promise<typeof settings.$inferSelect> };
  }
}
