// Liveness and readiness, for orchestrators and load balancers. Health never touches the
// database (a slow database must not get the process killed); readiness asks it.

import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { databaseUnavailable } from '../common/problem.ts';
import { Problem } from '../common/schemas.ts';

const READY_TIMEOUT_MS = 2_000;

export default async function systemRoutes(app: FastifyInstance) {
  const tags = ['Operations'];
  app.get('/api/health', {
    config: { alwaysServe: true },
    schema: { tags, summary: 'Liveness: 200 while the process runs', response: { 200: Type.Object({ status: Type.Literal('ok') }) } },
    handler: async () => ({ status: 'ok' as const }),
  });

  app.get('/api/ready', {
    config: { alwaysServe: true },
    schema: {
      tags,
      summary: 'Readiness: 200 when the database answers, else 503',
      response: { 200: Type.Object({ status: Type.Literal('ready'), database: Type.String() }), 503: Problem },
    },
    handler: async (request) => {
      try {
        await app.database.ping(READY_TIMEOUT_MS);
      } catch (error) {
        request.log.warn({ err: error }, 'database is not answering');
        throw databaseUnavailable('The database is not answering');
      }
      return { status: 'ready' as const, database: app.database.kind };
    },
  });
}
