// Liveness and readiness, for orchestrators and load balancers. Health never touches the
// database (a slow database must not get the process killed); readiness asks it.

import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Type } from 'typebox';
import { databaseUnavailable } from '../../http/problem.ts';
import { Problem } from '../common/schemas.ts';

const READY_TIMEOUT_MS = 2_000;

export default fp(async function system(app: FastifyInstance) {
  const tags = ['Operations'];
  app.get('/api/health', {
    config: { alwaysServe: true, access: 'public' },
    schema: {
      operationId: 'getHealth',
      tags,
      summary: 'Liveness: 200 while the process runs',
      description: 'Never touches the database, so a slow database does not get the process restarted.',
      response: { 200: Type.Object({ status: Type.Literal('ok') }) },
    },
    handler: async () => ({ status: 'ok' as const }),
  });

  app.get('/api/ready', {
    config: { alwaysServe: true, access: 'public' },
    schema: {
      operationId: 'getReadiness',
      tags,
      summary: 'Readiness: 200 when the database answers, else 503',
      description: 'For load balancers and orchestrators: send traffic here only while this answers 200.',
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
}, { name: 'system', dependencies: ['database'] });
