// The dashboard's figures at a glance, as one plugin.

import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Type } from 'typebox';
import { cachedRead } from '../common/routes.ts';
import { Problem } from '../common/schemas.ts';
import { STAFF } from '../../plugins/auth.ts';
import { StatsRepository } from './repository.ts';

const Count = Type.Integer({ minimum: 0 });
const Money = Type.Number({ minimum: 0 });

export const StatsSchema = Type.Object({
  customers: Count,
  vehicles: Count,
  services: Type.Object({ scheduled: Count, in_progress: Count, completed: Count, cancelled: Count }),
  revenue: Type.Object({
    completed: Money,
    last30Days: Type.Number({ minimum: 0, description: 'cost of services completed in the last 30 days' }),
  }),
});

export default fp(
  async (app: FastifyInstance) => {
    const stats = new StatsRepository(app.database);
    app.get('/api/stats', {
      schema: {
        operationId: 'getStats',
        tags: ['Stats'],
        summary: "The workshop's figures at a glance",
        description: 'Customers, vehicles, services by status, and revenue (all completed, and completed in the last 30 days).',
        response: { 200: StatsSchema, 401: Problem, 403: Problem, 503: Problem },
      },
      // Money: not for mechanics (API.md v2: they read the records and do the work, nothing else).
      config: { access: STAFF },
      handler: (request, reply) => cachedRead(app, request, reply, 'stats', ['customers', 'vehicles', 'services'], () => stats.read()),
    });
  },
  { name: 'stats', dependencies: ['database', 'cache'] },
);
