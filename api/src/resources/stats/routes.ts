import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { Problem } from '../common/schemas.ts';

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

export default async function statsRoutes(app: FastifyInstance) {
  app.get('/api/stats', {
    schema: { tags: ['Stats'], summary: "The workshop's figures at a glance", response: { 200: StatsSchema, 503: Problem } },
    handler: () => app.repositories.stats.read(),
  });
}
