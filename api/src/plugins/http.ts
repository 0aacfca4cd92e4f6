// Browser-facing protections: CORS allows only the configured origins (the frontend by
// default), and helmet sets the usual security headers. The docs page gets its own CSP from
// @fastify/swagger-ui.

import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config.ts';

export const http = fp(
  async (app: FastifyInstance, { config }: { config: Config }) => {
    await app.register(cors, {
      origin: config.corsOrigins.includes('*') ? '*' : config.corsOrigins,
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      exposedHeaders: ['Location', 'Retry-After'],
      maxAge: 600,
    });
    await app.register(helmet, { global: true, contentSecurityPolicy: false, crossOriginResourcePolicy: { policy: 'cross-origin' } });
  },
  { name: 'http' },
);
