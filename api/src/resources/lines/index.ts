// The work on a service as lines (API.md v2): parts, labour and fees, under the service's own
// path. Every role may read them; the front desk, owners and mechanics change them while the
// service is open (PostgreSQL refuses it afterwards: 409), and the service's cost follows.

import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { notFound } from '../../http/problem.ts';
import { EVERYONE } from '../../plugins/auth.ts';
import { cachedRead, normalizeBody, problems } from '../common/routes.ts';
import { IdParams, Page } from '../common/schemas.ts';
import { LineRepository } from './repository.ts';
import { Line, LineChanges, LineParams, NewLine, type LineChangesInput, type NewLineInput } from './schemas.ts';

/** A line changes its service's cost (and with it the figures). */
const writes = { writes: ['service_lines', 'services'], access: EVERYONE };

export default fp(
  async (app: FastifyInstance) => {
    const lines = new LineRepository(app.database);
    app.describeConstraints({
      service_lines_service_open: { has_dependants: { detail: 'The service is completed or cancelled: its lines cannot change' } },
      services_cost_from_lines: { has_dependants: { detail: 'This service has lines: its cost is their sum, so change the lines instead' } },
      service_lines_service_id_services_id_fk: { missing_reference: { field: '/serviceId', detail: 'The service does not exist' } },
    });
    const tags = ['Service'];
    const base = '/api/services/:id/lines';
    const one = `${base}/:lineId`;
    const serviceMustExist = async (id: number) => {
      if (!(await app.services.exists(id))) throw notFound('Service');
    };

    app.get<{ Params: { id: number } }>(base, {
      schema: { operationId: 'listServiceLines', tags, summary: "A service's lines", description: 'Every line, oldest first; 404 if the service does not exist.', params: IdParams, response: { 200: Page(Line), ...problems(400, 401, 403, 404, 503) } },
      config: { access: EVERYONE },
      handler: (request, reply) =>
        cachedRead(app, request, reply, 'list', ['service_lines', 'services'], async () => {
          const items = await lines.list(request.params.id);
          if (items.length === 0) await serviceMustExist(request.params.id);
          return { items, total: items.length, limit: Math.max(items.length, 1), offset: 0 };
        }),
    });

    app.post<{ Params: { id: number }; Body: NewLineInput }>(base, {
      schema: { operationId: 'createServiceLine', tags, summary: 'Add a line', description: "Adds a part, labour or fee; the service's cost becomes the sum of its lines. `409` once the service is completed or cancelled.", params: IdParams, body: NewLine, response: { 201: Line, ...problems(400, 401, 403, 404, 409, 413, 415, 503) } },
      config: writes,
      preValidation: normalizeBody(NewLine),
      handler: async (request, reply) => {
        await serviceMustExist(request.params.id);
        const line = await lines.create(request.params.id, request.body);
        return reply.code(201).header('location', `/api/services/${request.params.id}/lines/${line.id}`).send(line);
      },
    });

    app.get<{ Params: { id: number; lineId: number } }>(one, {
      schema: { operationId: 'getServiceLine', tags, summary: 'Get a line', description: 'One line of a service.', params: LineParams, response: { 200: Line, ...problems(400, 401, 403, 404, 503) } },
      config: { access: EVERYONE },
      handler: async (request) => (await lines.get(request.params.id, request.params.lineId)) ?? Promise.reject(notFound('Line')),
    });

    app.patch<{ Params: { id: number; lineId: number }; Body: LineChangesInput }>(one, {
      schema: { operationId: 'updateServiceLine', tags, summary: 'Change a line', description: 'Partial update; `409` once the service is completed or cancelled.', params: LineParams, body: LineChanges, response: { 200: Line, ...problems(400, 401, 403, 404, 409, 413, 415, 503) } },
      config: writes,
      preValidation: normalizeBody(LineChanges),
      handler: async (request) => (await lines.update(request.params.id, request.params.lineId, request.body)) ?? Promise.reject(notFound('Line')),
    });

    app.delete<{ Params: { id: number; lineId: number } }>(one, {
      schema: { operationId: 'deleteServiceLine', tags, summary: 'Remove a line', description: '`409` once the service is completed or cancelled.', params: LineParams, response: { 204: { type: 'null', description: 'removed' }, ...problems(400, 401, 403, 404, 409, 503) } },
      config: writes,
      handler: async (request, reply) => {
        if (!(await lines.remove(request.params.id, request.params.lineId))) throw notFound('Line');
        return reply.code(204).send();
      },
    });
  },
  { name: 'lines', dependencies: ['database', 'cache', 'problems', 'auth', 'services'] },
);
