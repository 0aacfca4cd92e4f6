// Browser-facing protections: CORS allows only the configured origins (the frontend by
// default), and helmet's security headers go on every answer. The docs page gets its own CSP
// from @fastify/swagger-ui.
//
// Helmet is asked once, at start-up, which headers it sets: with no CSP they are the same for
// every answer, and setting that one set of headers costs a hit from the cache a quarter of what
// running helmet's middleware for each request did (docs/performance.md).

import type { IncomingMessage, ServerResponse } from 'node:http';
import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import helmet, { type HelmetOptions } from 'helmet';
import type { Config } from '../config.ts';

export const SECURITY_HEADERS_OPTIONS: HelmetOptions = { contentSecurityPolicy: false, crossOriginResourcePolicy: { policy: 'cross-origin' } };

/** The headers helmet sets for these options, as one object. */
export function securityHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: unknown) => void (headers[name] = String(value)),
    removeHeader: (name: string) => void delete headers[name],
  };
  let finished = false;
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error;
    finished = true;
  });
  // Every one of helmet's middlewares runs at once; one that waited would need a request.
  if (!finished) throw new Error('helmet did not set its headers synchronously');
  return headers;
}

export const http = fp(
  async (app: FastifyInstance, { config }: { config: Config }) => {
    await app.register(cors, {
      origin: config.corsOrigins.includes('*') ? '*' : config.corsOrigins,
      // A page of a listed origin signs in with the session cookie too (never for '*').
      credentials: !config.corsOrigins.includes('*'),
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      exposedHeaders: ['Location', 'Retry-After'],
      maxAge: 600,
    });
    const headers = securityHeaders(SECURITY_HEADERS_OPTIONS);
    app.addHook('onRequest', (request, reply, done) => {
      reply.headers(headers);
      done();
    });
  },
  { name: 'http' },
);
