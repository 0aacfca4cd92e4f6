// Assembles the API: cross-cutting plugins first (validation, errors, the database, the cache,
// who may call what, metrics, HTTP headers, load shedding, OpenAPI), then the resources, each
// one plugin that builds its own repository and routes. It never listens; server.ts does, and tests use app.inject() or listen
// on a random port.

import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import type { Database } from './db/client.ts';
import { auth } from './plugins/auth.ts';
import { cache } from './plugins/cache.ts';
import { database } from './plugins/database.ts';
import { http } from './plugins/http.ts';
import { metrics } from './plugins/metrics.ts';
import { openapi } from './plugins/openapi.ts';
import { pressure } from './plugins/pressure.ts';
import { frameworkErrors, problems } from './plugins/problems.ts';
import { validation } from './plugins/validation.ts';
import audit from './resources/audit/index.ts';
import authRoutes from './resources/auth/index.ts';
import invoices from './resources/invoices/index.ts';
import lines from './resources/lines/index.ts';
import reminders from './resources/reminders/index.ts';
import settings from './resources/settings/index.ts';
import csv from './resources/csv/index.ts';
import customers from './resources/customers/index.ts';
import services from './resources/services/index.ts';
import stats from './resources/stats/index.ts';
import system from './resources/system/index.ts';
import tokens from './resources/tokens/index.ts';
import users from './resources/users/index.ts';
import vehicles from './resources/vehicles/index.ts';

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
    // Opening the database applies its migrations first: on embedded PGlite on a slow shop PC (or
    // a loaded CI machine) that passes Fastify's default 10 s, which would stop the start for nothing.
    pluginTimeout: 120_000,
    // A request's id names it in its log line and in the audit log: the one the web server in
    // front gave it (X-Request-Id, when it looks like an id), else a new random one, never reused.
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.:-]{1,64}$/.test(given) ? given : randomUUID();
    },
    // The web server in front (nginx, npm start's server, an ingress) says who the client is.
    trustProxy: config.trustProxy,
    // The router's own refusals (a path segment over maxParamLength, a malformed URL) as problem+json.
    frameworkErrors,
  });

  await app.register(validation);
  await app.register(problems);
  await app.register(database, { config, ...(given ? { database: given } : {}) });
  await app.register(cache, { config });
  // Before any route, so that every route is guarded (or says it is public).
  await app.register(auth, { config });
  await app.register(metrics, { config });
  await app.register(http, { config });
  await app.register(pressure, { config });
  await app.register(openapi);

  // One line per answered request, at info: enough to follow traffic, cheap at load (and no hook
  // at all when the level leaves it out).
  if (['trace', 'debug', 'info'].includes(app.log.level)) {
    app.addHook('onResponse', (request, reply, done) => {
      request.log.info({ method: request.method, url: request.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
      done();
    });
  }

  await app.register(system);
  await app.register(customers);
  await app.register(vehicles);
  await app.register(services);
  await app.register(lines);
  await app.register(settings);
  await app.register(invoices);
  await app.register(reminders);
  await app.register(csv);
  await app.register(stats);
  await app.register(users, { config });
  await app.register(authRoutes);
  await app.register(tokens);
  await app.register(audit);
  return app;
}
