// Reminders (API.md v2) for the front desk and owners: what each vehicle is due next and when,
// the list of those overdue and soon, and a ready message to the owner. Completing a service that
// answers one marks it done and renews it (the database does, with the completion).

import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Gauge } from 'prom-client';
import { Type } from 'typebox';
import { HttpProblem, notFound } from '../../http/problem.ts';
import { STAFF } from '../../plugins/auth.ts';
import { figureWithinScrape } from '../../plugins/metrics.ts';
import { cachedRead, normalizeBody, problems } from '../common/routes.ts';
import { IdParams, Page } from '../common/schemas.ts';
import { reminderMessage, type Language } from './message.ts';
import { ReminderRepository } from './repository.ts';
import { Message, NewReminder, Reminder, ReminderChanges, ReminderQuery, type NewReminderInput, type ReminderChangesInput, type ReminderQueryInput } from './schemas.ts';

declare module 'fastify' {
  interface FastifyInstance {
    reminders: ReminderRepository;
  }
}

/** A reminder needs a date or a mileage to be due at (the database says so too). */
function needsDue(body: { dueDate?: string | null; dueMileage?: number | null }, current?: { dueDate: string | null; dueMileage: number | null }) {
  const dueDate = body.dueDate === undefined ? current?.dueDate ?? null : body.dueDate;
  const dueMileage = body.dueMileage === undefined ? current?.dueMileage ?? null : body.dueMileage;
  if (dueDate === null && dueMileage === null) {
    const message = 'a reminder needs a due date, a due mileage, or both';
    throw new HttpProblem(400, 'The request body is invalid', { code: 'validation', errors: [{ path: '/dueDate', message }, { path: '/dueMileage', message }] });
  }
}

export default fp(
  async (app: FastifyInstance) => {
    const reminders = new ReminderRepository(app.database);
    app.decorate('reminders', reminders);
    app.describeConstraints({
      reminders_vehicle_id_vehicles_id_fk: { missing_reference: { field: '/vehicleId', detail: 'The vehicle does not exist' } },
    });
    // Open reminders due now, read at each scrape (the same on every API instance: take max
    // across instances); a scrape while the database is slow keeps the last figures.
    let due = { overdue: 0, soon: 0 };
    new Gauge({
      name: 'workshop_reminders_due',
      help: 'Open reminders due now: overdue (past their date or mileage) and soon (30 days, 1 000 km); the same on every API instance',
      labelNames: ['due'] as const,
      registers: [app.metrics],
      async collect() {
        const counts = await figureWithinScrape(reminders.dueCounts());
        if (counts) due = counts;
        this.set({ due: 'overdue' }, due.overdue);
        this.set({ due: 'soon' }, due.soon);
      },
    });
    const tags = ['Reminders'];
    const writes = { access: STAFF, writes: ['reminders'] };
    const one = '/api/reminders/:id';

    app.get<{ Querystring: ReminderQueryInput }>('/api/reminders', {
      schema: { operationId: 'listReminders', tags, summary: 'List reminders', description: '`due=overdue|soon|all`, and by vehicle, customer or status; the earliest due first.', querystring: ReminderQuery, response: { 200: Page(Reminder), ...problems(400, 401, 403, 503) } },
      config: { access: STAFF },
      // Due-ness moves with the date and with the vehicles' mileage (services raise it).
      // Due or not also depends on the workshop's day, so on its time zone (settings).
      handler: (request, reply) => cachedRead(app, request, reply, 'list', ['reminders', 'vehicles', 'services', 'settings'], () => reminders.list(request.query)),
    });

    app.post<{ Body: NewReminderInput }>('/api/reminders', {
      schema: { operationId: 'createReminder', tags, summary: 'Add a reminder', description: 'Due by `dueDate`, `dueMileage` or both; `repeatMonths`/`repeatKm` renew it when a service answers it.', body: NewReminder, response: { 201: Reminder, ...problems(400, 401, 403, 413, 415, 422, 503) } },
      config: writes,
      preValidation: normalizeBody(NewReminder),
      handler: async (request, reply) => {
        needsDue(request.body);
        const created = await reminders.create(request.body);
        return reply.code(201).header('location', `/api/reminders/${created.id}`).send(created);
      },
    });

    app.get<{ Params: { id: number } }>(one, {
      schema: { operationId: 'getReminder', tags, summary: 'Get a reminder', description: 'One reminder.', params: IdParams, response: { 200: Reminder, ...problems(400, 401, 403, 404, 503) } },
      config: { access: STAFF },
      handler: async (request) => (await reminders.get(request.params.id)) ?? Promise.reject(notFound('Reminder')),
    });

    app.patch<{ Params: { id: number }; Body: ReminderChangesInput }>(one, {
      schema: { operationId: 'updateReminder', tags, summary: 'Change a reminder', description: 'Partial update (dismiss it with `status: dismissed`).', params: IdParams, body: ReminderChanges, response: { 200: Reminder, ...problems(400, 401, 403, 404, 413, 415, 422, 503) } },
      config: writes,
      preValidation: normalizeBody(ReminderChanges),
      handler: async (request) => {
        const current = await reminders.get(request.params.id);
        if (!current) throw notFound('Reminder');
        needsDue(request.body, current);
        return (await reminders.update(request.params.id, request.body)) ?? Promise.reject(notFound('Reminder'));
      },
    });

    app.put<{ Params: { id: number }; Body: NewReminderInput }>(one, {
      schema: { operationId: 'replaceReminder', tags, summary: 'Replace a reminder', description: 'Full replacement: omitted optional fields become null (status: open).', params: IdParams, body: NewReminder, response: { 200: Reminder, ...problems(400, 401, 403, 404, 413, 415, 422, 503) } },
      config: writes,
      preValidation: normalizeBody(NewReminder),
      handler: async (request) => {
        needsDue(request.body);
        const full = { dueDate: null, dueMileage: null, repeatMonths: null, repeatKm: null, status: 'open' as const, ...request.body };
        return (await reminders.update(request.params.id, full)) ?? Promise.reject(notFound('Reminder'));
      },
    });

    app.delete<{ Params: { id: number } }>(one, {
      schema: { operationId: 'deleteReminder', tags, summary: 'Delete a reminder', description: 'Deletes it; a service that answered it keeps its history.', params: IdParams, response: { 204: { type: 'null', description: 'deleted' }, ...problems(400, 401, 403, 404, 503) } },
      config: { ...writes, writes: ['reminders', 'services'] },
      handler: async (request, reply) => {
        if (!(await reminders.remove(request.params.id))) throw notFound('Reminder');
        return reply.code(204).send();
      },
    });

    app.get<{ Params: { id: number }; Querystring: { lang?: Language } }>(`${one}/message`, {
      schema: {
        operationId: 'getReminderMessage',
        tags,
        summary: 'A ready message to the owner',
        description: "The text, a WhatsApp link to the customer's phone (`08…` as `628…`) and a mailto: link, in English or Indonesian.",
        params: IdParams,
        querystring: Type.Object({ lang: Type.Optional(Type.Unsafe<Language>({ type: 'string', enum: ['en', 'id'], default: 'en' })) }, { additionalProperties: false }),
        response: { 200: Message, ...problems(400, 401, 403, 404, 503) },
      },
      config: { access: STAFF },
      handler: async (request) => {
        const context = await reminders.messageContext(request.params.id);
        if (!context) throw notFound('Reminder');
        return reminderMessage(context, request.query.lang ?? 'en');
      },
    });
  },
  { name: 'reminders', dependencies: ['database', 'cache', 'problems', 'auth', 'metrics'] },
);
