// Prometheus metrics with the names API.md fixes (dashboards, alerts and the load tool read
// them). Routes are labelled by their pattern, and every unmatched URL by one value, so a scan
// of random paths cannot grow the label set. With METRICS_TOKEN set, /metrics needs it.

import { createHash, timingSafeEqual } from 'node:crypto';
import { count, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Config } from '../config.ts';
import type { ReplicaStatus } from '../db/client.ts';
import { SERVICE_STATUSES, services } from '../db/schema.ts';
import { HttpProblem } from '../http/problem.ts';

export const UNMATCHED_ROUTE = 'unmatched';

/** How long a scrape waits for the database's figures before it answers with the last ones. */
const WORKSHOP_QUERY_TIMEOUT_MS = 1_000;

/**
 * A figure a scrape reads from the database: its value, or undefined when the read fails or takes
 * longer than a scrape should wait (the gauge then keeps its last value).
 */
export function figureWithinScrape<T>(read: Promise<T>): Promise<T | undefined> {
  const timeout = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), WORKSHOP_QUERY_TIMEOUT_MS).unref());
  return Promise.race([read, timeout]).catch(() => undefined);
}

const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** A workshop job takes a quarter of an hour (an oil change) to a week (waiting for parts). */
const SERVICE_DURATION_BUCKETS = [15 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR, 4 * HOUR, 8 * HOUR, DAY, 2 * DAY, 3 * DAY, 5 * DAY, 7 * DAY];


/** Services by status: all of them, and those scheduled today in the workshop's time zone. */
const servicesFigures = {
  status: services.status,
  n: count(),
  today: sql<number>`count(*) filter (where ${services.scheduledAt} >= date_trunc('day', now(), workshop_time_zone()) and ${services.scheduledAt} < date_trunc('day', now(), workshop_time_zone()) + interval '1 day')`.mapWith(Number),
};

// prom-client exposes these as gauges named like counters, which `promtool check metrics`
// rejects; the same figures remain as nodejs_active_handles and nodejs_active_requests.
const LINT_FAILING_DEFAULTS = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

export type SignInResult = 'success' | 'failure' | 'throttled';

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Registry;
    /** Counts a sign-in attempt for `auth_logins_total`. */
    countSignIn(result: SignInResult): void;
    /** Adds a payment received to `workshop_revenue_total`. */
    countRevenue(amount: number): void;
    /** Observes a service's time from start to completion for `workshop_service_duration_seconds`. */
    observeServiceDuration(seconds: number): void;
  }
}

/** Whether `authorization` is `Bearer <token>`, compared in constant time. */
function bearerMatches(authorization: string | undefined, token: string): boolean {
  const sent = /^Bearer +(\S+)$/i.exec(authorization ?? '')?.[1] ?? '';
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(sent), digest(token));
}

export const metrics = fp(
  async (app: FastifyInstance, { config }: { config: Config }) => {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    for (const name of LINT_FAILING_DEFAULTS) registry.removeSingleMetric(name);

    const registers = [registry];
    const requests = new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status code',
      labelNames: ['method', 'route', 'status_code'] as const,
      registers,
    });
    const duration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time from receiving a request to finishing its response, in seconds',
      labelNames: ['method', 'route', 'status_code'] as const,
      buckets: BUCKETS,
      registers,
    });
    const inFlight = new Gauge({
      name: 'http_requests_in_flight',
      help: 'HTTP requests received and not yet answered',
      registers,
    });
    const queries = new Histogram({
      name: 'db_query_duration_seconds',
      help: 'Time a database operation took, including any wait for a pooled connection, in seconds',
      labelNames: ['operation', 'table'] as const,
      buckets: BUCKETS,
      registers,
    });
    const { database } = app;
    new Gauge({
      name: 'db_pool_connections',
      help: 'Database pool connections by state: total open, idle, and requests waiting for one',
      labelNames: ['state'] as const,
      registers,
      collect() {
        const pool = database.poolState();
        this.set({ state: 'total' }, pool.total);
        this.set({ state: 'idle' }, pool.idle);
        this.set({ state: 'waiting' }, pool.waiting);
      },
    });
    new Gauge({
      name: 'db_pool_max_connections',
      help: 'The most connections the database pool may open',
      registers,
      collect() {
        this.set(database.poolState().max);
      },
    });

    database.onQuery = (operation, table, seconds) => queries.observe({ operation, table }, seconds);

    // The workshop's own figures. Services by status, all and scheduled today, are read from the
    // database at each scrape: every API instance reports the same numbers, so dashboards take
    // max(), never sum(), across instances. A scrape while the database is slow or down keeps the
    // last figures.
    const none = () => Object.fromEntries(SERVICE_STATUSES.map((status) => [status, 0]));
    let servicesByStatus: Record<string, number> = none();
    let servicesToday: Record<string, number> = none();
    // Both gauges' collect() start within one scrape (prom-client collects them concurrently):
    // the second shares the first one's read, so a scrape costs one query.
    let reading: Promise<void> | undefined;
    const readServices = () =>
      (reading ??= figureWithinScrape(database.run('select', 'services', (db) => db.select(servicesFigures).from(services).groupBy(services.status)))
        .then((rows) => {
          if (!rows) return;
          const of = (status: string) => rows.find((row) => row.status === status);
          servicesByStatus = Object.fromEntries(SERVICE_STATUSES.map((status) => [status, of(status)?.n ?? 0]));
          servicesToday = Object.fromEntries(SERVICE_STATUSES.map((status) => [status, of(status)?.today ?? 0]));
        })
        .finally(() => {
          reading = undefined;
        }));
    new Gauge({
      name: 'workshop_services',
      help: 'Services by status now, from the database (the same on every API instance: take max across instances, not sum)',
      labelNames: ['status'] as const,
      registers,
      async collect() {
        await readServices();
        for (const [status, n] of Object.entries(servicesByStatus)) this.set({ status }, n);
      },
    });
    new Gauge({
      name: 'workshop_services_today',
      help: `Services scheduled today (in the workshop's time zone, settings) by status now, from the database (the same on every API instance: take max across instances, not sum)`,
      labelNames: ['status'] as const,
      registers,
      async collect() {
        await readServices();
        for (const [status, n] of Object.entries(servicesToday)) this.set({ status }, n);
      },
    });
    const serviceDuration = new Histogram({
      name: 'workshop_service_duration_seconds',
      help: 'Time from a service starting (in_progress) to its completion, observed by the process that completed it (sum across instances)',
      buckets: SERVICE_DURATION_BUCKETS,
      registers,
    });
    app.decorate('observeServiceDuration', (seconds: number) => serviceDuration.observe(seconds));
    const revenue = new Counter({
      name: 'workshop_revenue_total',
      help: "Money of payments received by this process, in the settings' currency (sum across instances)",
      registers,
    });
    app.decorate('countRevenue', (amount: number) => revenue.inc(amount));

    const cacheRequests = new Counter({
      name: 'cache_requests_total',
      help: 'Shared-cache look-ups by what is cached (list, item, stats, auth: who a credential is) and result (hit, miss, error: Redis did not answer)',
      labelNames: ['cache', 'result'] as const,
      registers,
    });
    app.cache.onResult = (cache, result) => cacheRequests.inc({ cache, result });

    const reads = new Counter({
      name: 'db_reads_total',
      help: 'Reads that could go to a replica, by where they went: a replica that had replayed every acknowledged write, or the primary',
      labelNames: ['target'] as const,
      registers,
    });
    database.onRead = (target) => reads.inc({ target });
    if (database.hasReplicas) {
      const replicaGauge = (name: string, help: string, value: (replica: ReplicaStatus) => number | undefined) =>
        new Gauge({
          name,
          help,
          labelNames: ['replica'] as const,
          registers,
          collect() {
            for (const replica of database.replicaStatus()) {
              const figure = value(replica);
              if (figure !== undefined) this.set({ replica: replica.name }, figure);
            }
          },
        });
      replicaGauge('db_replica_up', 'Whether a read replica answers and follows the primary (1) or is skipped (0)', (r) => (r.up ? 1 : 0));
      replicaGauge('db_replica_lag_seconds', 'How far a read replica is behind the primary, in seconds (0 when it has replayed everything)', (r) => r.lagSeconds);
      replicaGauge('db_replica_lag_bytes', 'WAL the primary has written that a read replica has not replayed yet, in bytes', (r) => r.lagBytes);
    }

    const signIns = new Counter({
      name: 'auth_logins_total',
      help: 'Sign-in attempts, by result: success, failure (wrong email or password, inactive user) or throttled',
      labelNames: ['result'] as const,
      registers,
    });
    // Every result is a series from the start, so a rate over it is defined before the first attempt.
    for (const result of ['success', 'failure', 'throttled'] as const) signIns.inc({ result }, 0);
    app.decorate('countSignIn', (result: SignInResult) => signIns.inc({ result }));

    app.decorate('metrics', registry);
    app.addHook('onRequest', (request, reply, done) => {
      inFlight.inc();
      // 'close' comes once per response, whether it finished or the client went away.
      reply.raw.once('close', () => inFlight.dec());
      done();
    });
    app.addHook('onResponse', (request, reply, done) => {
      const labels = {
        method: request.method,
        route: request.routeOptions.url ?? UNMATCHED_ROUTE,
        status_code: reply.statusCode,
      };
      requests.inc(labels);
      duration.observe(labels, reply.elapsedTime / 1000);
      done();
    });

    app.get('/metrics', { schema: { hide: true }, config: { alwaysServe: true } }, async (request, reply) => {
      // METRICS_TOKEN set: only Prometheus (which sends it) reads the figures.
      if (config.metricsToken !== undefined && !bearerMatches(request.headers.authorization, config.metricsToken)) {
        reply.header('www-authenticate', 'Bearer realm="metrics"');
        throw new HttpProblem(401, 'Send the metrics token as Authorization: Bearer <METRICS_TOKEN>', { code: 'unauthenticated' });
      }
      reply.type(registry.contentType);
      return registry.metrics();
    });
  },
  { name: 'metrics', dependencies: ['database', 'cache'] },
);
