// Load shedding, and refusing new work while shutting down. While the event loop lags past
// MAX_EVENT_LOOP_DELAY_MS (default 1000 ms on PostgreSQL), new requests get a quick 503 with
// Retry-After instead of joining an ever-longer queue. Health, readiness and metrics are always
// answered, so that the process is not killed or blinded for being busy. Off by default on
// PGlite: its queries run on the event loop itself, so a burst of them reads as lag.

import underPressure from '@fastify/under-pressure';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config.ts';
import { overloaded, shuttingDown } from '../http/problem.ts';
import { preparedProblem, sendProblem } from './problems.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Served even while the process sheds load (health, readiness, metrics). */
    alwaysServe?: boolean;
  }
}

const DEFAULT_MAX_DELAY_MS = 1000;
const SAMPLE_INTERVAL_MS = 250;

export const pressure = fp(
  async (app: FastifyInstance, { config }: { config: Config }) => {
    // Once shutdown starts, requests still arriving on open keep-alive connections are told to go
    // elsewhere, as problem+json with Retry-After (Fastify's own 503 is neither), and the
    // connection is closed after the answer.
    let closing = false;
    app.addHook('preClose', (done) => {
      closing = true;
      done();
    });
    // The samples before a process serves hold its start-up (loading modules, the migrations),
    // which blocks the loop for a moment: that is not load, and shedding the first requests for
    // it would turn a fresh process away. Lag counts once two samples of serving have passed.
    let servingSince: number | undefined;
    app.addHook('onRequest', (request, reply, done) => {
      servingSince ??= performance.now();
      if (!closing) return done();
      reply.header('connection', 'close');
      sendProblem(reply, shuttingDown());
    });

    const maxEventLoopDelay = config.maxEventLoopDelayMs ?? (app.database.kind === 'pglite' ? 0 : DEFAULT_MAX_DELAY_MS);
    if (maxEventLoopDelay === 0) return;
    await app.register(underPressure, {
      maxEventLoopDelay,
      sampleInterval: SAMPLE_INTERVAL_MS,
      pressureHandler: (request, reply, type, value) => {
        if (request.routeOptions.config.alwaysServe) return undefined;
        if (performance.now() - servingSince! < 2 * SAMPLE_INTERVAL_MS) return undefined;
        request.log.warn({ type, value }, 'shedding load');
        // A value returned here is what under-pressure sends; nothing returned would let the request through.
        return preparedProblem(reply, overloaded()) as unknown as void;
      },
    });
  },
  { name: 'pressure', dependencies: ['database'] },
);
