// Assembles the API: cross-cutting plugins first, then the resources' routes. It never
// listens; server.ts does, and tests use app.inject() or listen on a random port.

import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import type { Database } from './db/client.ts';
import { database } from './plugins/database.ts';
import { http } from './plugins/http.ts';
import { metrics } from './plugins/metrics.ts';
import { openapi } from './plugins/openapi.ts';
import { pressure } from './plugins/pressure.ts';
import { problems } from './plugins/problems.ts';
import { validation } from './plugins/validation.ts';
import customerRoutes from './resources/customers/routes.ts';
import serviceRoutes from './resources/services/routes.ts';
import statsRoutes from './resources/stats/routes.ts';
import systemRoutes from './resources/system/routes.ts';
import vehicleRoutes from './resources/vehicles/routes.ts';

export interface AppOptions {
  config: Config;
  /** Use this database instead of opening one from the config (tests). */
  database?: Database;
  /** A pino destination or options; defaults to JSON lines on stdout at config.logLevel. */
  logger?: boolean | object;
}

export const BODY_LIMIT_BYTES = 1024 * 1024;

export async function buildApp({ config, database: given, logger }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: logger ?? { level: config.logLevel },
    bodyLimit: BODY_LIMIT_BYTES,
    // Fastify's two lines per request are replaced by one (the onResponse hook below).
    logController: new LogController({ disableRequestLogging: true }),
    // Requests arriving during shutdown get problem+json from the pressure plugin instead.
    return503OnClosing: false,
    routerOptions: { maxParamLength: 200 },
  });

  await app.register(validation);
  await app.register(problems);
  await app.register(database, { config, ...(given ? { database: given } : {}) });
  await app.register(metrics);
  await app.register(http, { config });
  await app.register(pressure, { config });
  await app.register(openapi);

  // One line per answered request, at info: enough to follow traffic, cheap at load.
  app.addHook('onResponse', (request, reply, done) => {
    request.log.info({ method: request.method, url: request.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
    done();
  });

  await app.register(systemRoutes);
  await app.register(customerRoutes);
  await app.register(vehicleRoutes);
  await app.register(serviceRoutes);
  await app.register(statsRoutes);
  return app;
}
