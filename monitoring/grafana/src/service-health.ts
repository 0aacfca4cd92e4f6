// "Bengkel — service health": whether the workshop system is healthy and, if not, why. The first
// row answers "is it up and fast?" at a glance; the rows below show traffic and errors, latency,
// the database, and the backend's resources. Thresholds are those of docs/metrics.md.

import { RowBuilder, type DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { dashboard, GREEN, LINK, ORANGE, RED, singleStat, timeSeries, UP_DOWN, YELLOW, type Steps } from './panels.ts';

const RATE = '$__rate_interval';
const API = 'job="backend"';
const BACKEND = 'service="backend"';
const MIB = 1024 * 1024;

/** Shared colour lines, so a stat and its time series agree. */
const LATENCY: Steps = [GREEN, [0.05, YELLOW], [0.2, RED]];
const ERROR_RATIO: Steps = [GREEN, [0.001, YELLOW], [0.01, ORANGE], [0.05, RED]];
const DB_LATENCY: Steps = [GREEN, [0.005, YELLOW], [0.01, RED]];
const UP: Steps = [RED, [1, GREEN]];
// The backend's memory limit in docker-compose.yml is 512 MiB: yellow at 75 %, red at 90 %.
const MEMORY: Steps = [GREEN, [384 * MIB, YELLOW], [Math.round(460.8 * MIB), RED]];

const requestRate = `sum(rate(http_requests_total{${API}}[${RATE}]))`;
const errorRatio = (status: string) =>
  `(sum(rate(http_requests_total{${API}, status_code=~"${status}"}[${RATE}])) or vector(0)) / ${requestRate}`;
const latency = (q: number, by = '') =>
  `histogram_quantile(${q}, sum by (${by ? `${by}, ` : ''}le) (rate(http_request_duration_seconds_bucket{${API}}[${RATE}])))`;

export function serviceHealth(): DashboardBuilder {
  return dashboard(
    'Bengkel — service health', 'bengkel-service-health',
    'Is the workshop system healthy, and if not, why: traffic, errors, latency, database, resources.',
    ['bengkel'], 'now-1h', 'Host', 'bengkel-host',
  )

    .withRow(new RowBuilder('At a glance'))
    .withPanel(singleStat({
      title: 'API', unit: 'none', steps: UP, mappings: UP_DOWN,
      description: 'Whether Prometheus can scrape the API. Healthy: UP. DOWN means the process is gone or unreachable (alert BackendDown).',
      queries: [{ expr: `min(up{${API}})`, legend: 'API' }],
    }))
    .withPanel(singleStat({
      title: 'API ready', unit: 'none', steps: UP, mappings: UP_DOWN,
      description: 'Whether /api/ready answers 200, i.e. the API reaches its database. Healthy: UP (alert BackendNotReady).',
      queries: [{ expr: 'min(probe_success{job="probe-backend-ready"})', legend: 'ready' }],
    }))
    .withPanel(singleStat({
      title: 'Database', unit: 'none', steps: UP, mappings: UP_DOWN,
      description: 'Whether postgres-exporter can query PostgreSQL. Healthy: UP (alert DatabaseDown).',
      queries: [{ expr: 'min(pg_up)', legend: 'database' }],
    }))
    .withPanel(singleStat({
      title: 'Frontend', unit: 'none', steps: UP, mappings: UP_DOWN,
      description: 'Whether nginx serves the web app on port 8085. Healthy: UP (alert FrontendDown).',
      queries: [{ expr: 'min(probe_success{job="probe-frontend"})', legend: 'frontend' }],
    }))
    .withPanel(singleStat({
      title: 'Requests per second', unit: 'reqps', steps: [RED, [0.01, GREEN]],
      description: 'Requests the API answered per second. Healthy: steady, following the workshop\'s day. A drop to zero while people work is an outage; a sudden spike is a script, an attack or a load test.',
      queries: [{ expr: requestRate, legend: 'req/s' }],
    }))
    .withPanel(singleStat({
      title: 'p95 response time', unit: 's', steps: LATENCY,
      description: '95 % of requests were answered faster than this over the last 5 minutes. Healthy: under 200 ms, ideally under 50 ms (alert BackendHighLatency above 200 ms).',
      queries: [{ expr: `job:http_request_duration_seconds:p95_5m{${API}}`, legend: 'p95' }],
    }))
    .withPanel(singleStat({
      title: '5xx error rate', unit: 'percentunit', steps: ERROR_RATIO,
      description: 'Share of requests answered 5xx over the last 5 minutes. Healthy: 0–0.1 %. Above 1 % investigate, above 5 % it is an incident (alert BackendHighErrorRatio).',
      queries: [{ expr: `job:http_requests_5xx:ratio_rate5m{${API}}`, legend: '5xx' }],
    }))
    .withPanel(singleStat({
      title: 'Database p95', unit: 's', steps: DB_LATENCY,
      description: '95 % of database operations took less than this over the last 5 minutes, pool wait included. Healthy: under 10 ms (alert DatabaseSlowQueries).',
      queries: [{ expr: `job:db_query_duration_seconds:p95_5m{${API}}`, legend: 'p95' }],
    }))

    .withRow(new RowBuilder('Traffic and errors'))
    .withPanel(timeSeries({
      title: 'Requests per second', unit: 'reqps', steps: [RED, [0.01, GREEN]], min: 0,
      description: 'Requests answered per second, in total and by route pattern. Healthy: steady and following usage; zero while people work is an outage, a spike on one route is a script or an attack.',
      queries: [
        { expr: requestRate, legend: 'total' },
        { expr: `sum by (route) (rate(http_requests_total{${API}}[${RATE}]))`, legend: '{{route}}' },
      ],
    }))
    .withPanel(timeSeries({
      title: 'Error rate (4xx and 5xx)', unit: 'percentunit', steps: ERROR_RATIO, min: 0,
      description: 'Share of requests answered 4xx (the client\'s mistake: validation, duplicates, not found) and 5xx (ours: database down, pool saturated). Healthy: 0–0.1 %; above 1 % investigate; 5xx above 5 % is a critical incident.',
      queries: [
        { expr: errorRatio('5..'), legend: '5xx' },
        { expr: errorRatio('4..'), legend: '4xx' },
      ],
    }))

    .withRow(new RowBuilder('Latency'))
    .withPanel(timeSeries({
      title: 'Response time p50 / p95 / p99', unit: 's', steps: LATENCY, min: 0,
      description: 'How long the API took to answer. Healthy: p95 under 200 ms (ideally under 50 ms). Spikes point at database locks, slow code or too little CPU.',
      queries: [
        { expr: latency(0.5), legend: 'p50' },
        { expr: latency(0.95), legend: 'p95' },
        { expr: latency(0.99), legend: 'p99' },
      ],
    }))
    .withPanel(timeSeries({
      title: 'p95 response time by route', unit: 's', steps: LATENCY, min: 0,
      description: 'Which route is slow. Healthy: every route under 200 ms at p95.',
      queries: [{ expr: latency(0.95, 'route'), legend: '{{route}}' }],
    }))
    .withPanel(timeSeries({
      title: 'Event-loop lag', unit: 's', steps: [GREEN, [0.05, YELLOW], [0.1, RED]], min: 0,
      description: 'How late Node\'s event loop runs timers: the API\'s form of worker starvation, every request waits behind CPU-bound work. Healthy: p99 under 50 ms; above 100 ms requests queue (alert BackendEventLoopLag); at 1 s the API sheds load with 503.',
      queries: [
        { expr: `nodejs_eventloop_lag_p50_seconds{${API}}`, legend: 'p50' },
        { expr: `nodejs_eventloop_lag_p99_seconds{${API}}`, legend: 'p99' },
      ],
    }))
    .withPanel(timeSeries({
      title: 'Requests in flight', unit: 'short', steps: [GREEN, [50, YELLOW], [200, RED]], min: 0,
      description: 'Requests received and not yet answered. Healthy: a handful. Hundreds mean requests pile up faster than the API answers them (Little\'s law: in flight = rate × time).',
      queries: [{ expr: `sum(http_requests_in_flight{${API}})`, legend: 'in flight' }],
    }))

    .withRow(new RowBuilder('Database'))
    .withPanel(timeSeries({
      title: 'Database query time by operation', unit: 's', steps: DB_LATENCY, min: 0,
      description: 'p95 time of select/insert/update/delete as the API sees it (pool wait included), and the mean. Healthy: under 10 ms; a slow creep means missing indexes or data growth, a jump means locks or a saturated pool.',
      queries: [
        { expr: `histogram_quantile(0.95, sum by (operation, le) (rate(db_query_duration_seconds_bucket{${API}}[${RATE}])))`, legend: '{{operation}} p95' },
        { expr: `sum(rate(db_query_duration_seconds_sum{${API}}[${RATE}])) / sum(rate(db_query_duration_seconds_count{${API}}[${RATE}]))`, legend: 'mean' },
      ],
    }))
    .withPanel(timeSeries({
      title: 'Connection pool in use', unit: 'percentunit', steps: [GREEN, [0.8, YELLOW], [1, RED]], min: 0, max: 1,
      description: 'Share of the API\'s pooled connections (DB_POOL_MAX) busy with a query. Healthy: well under 100 %; at 100 % new queries wait (next panel).',
      queries: [{
        expr: `(db_pool_connections{${API}, state="total"} - ignoring(state) db_pool_connections{${API}, state="idle"}) / ignoring(state) db_pool_max_connections{${API}}`,
        legend: 'in use',
      }],
    }))
    .withPanel(timeSeries({
      title: 'Requests waiting for a connection', unit: 'short', steps: [GREEN, [1, YELLOW], [10, RED]], min: 0,
      description: 'Queries queued for a pooled connection. Healthy: 0, with brief blips under bursts. A standing queue means the pool is too small or the database too slow (alert DatabasePoolWaiting); past DB_POOL_QUEUE_MAX the API answers 503 with Retry-After.',
      queries: [{ expr: `sum(db_pool_connections{${API}, state="waiting"})`, legend: 'waiting' }],
    }))
    .withPanel(timeSeries({
      title: 'Database connections vs max_connections', unit: 'short', steps: [GREEN, [60, YELLOW], [80, RED]], min: 0,
      description: 'Server connections by state (pg_stat_activity) against max_connections (100 in the Compose stack; the colours mark 60 and 80 of them). Healthy: far below the limit; at the limit new connections are refused with "too many clients" (alert DatabaseConnectionsNearLimit at 80 %).',
      queries: [
        { expr: 'sum by (state) (pg_stat_activity_count)', legend: '{{state}}' },
        { expr: 'max(pg_settings_max_connections)', legend: 'max_connections' },
      ],
    }))

    .withRow(new RowBuilder('Cache and replicas'))
    .withPanel(timeSeries({
      title: 'Cache hit ratio', unit: 'percentunit', steps: [RED, [0.5, YELLOW], [0.8, GREEN]], min: 0, max: 1,
      description: 'Share of reads answered from the shared Redis cache, by what is cached (lists, items, stats), with no query and no serialisation. Healthy: above 80 % for reads that repeat; each write makes its tables\' next reads misses. Errors mean Redis does not answer and reads go to PostgreSQL (alert CacheUnavailable).',
      queries: [
        { expr: `sum by (cache) (rate(cache_requests_total{${API}, result="hit"}[${RATE}])) / sum by (cache) (rate(cache_requests_total{${API}}[${RATE}]))`, legend: '{{cache}} hits' },
        { expr: `(sum(rate(cache_requests_total{${API}, result="error"}[${RATE}])) or vector(0)) / sum(rate(cache_requests_total{${API}}[${RATE}]))`, legend: 'errors' },
      ],
    }))
    .withPanel(timeSeries({
      title: 'Reads on replicas', unit: 'percentunit', steps: [YELLOW, [0.3, GREEN]], min: 0, max: 1,
      description: 'Share of the reads that missed the cache answered by a replica; the rest went to the primary, because no replica had yet replayed the latest acknowledged write. Healthy with replicas: a good share in quiet moments; 0 for long means the replicas lag or are down (alerts DatabaseReplicaLagging, DatabaseReplicaDown).',
      queries: [{ expr: `(sum(rate(db_reads_total{${API}, target="replica"}[${RATE}])) or vector(0)) / sum(rate(db_reads_total{${API}}[${RATE}]))`, legend: 'on replicas' }],
    }))
    .withPanel(timeSeries({
      title: 'Replica lag', unit: 's', steps: [GREEN, [5, YELLOW], [30, RED]], min: 0,
      description: 'How far each read replica is behind the primary, and whether the API uses it (1) or skips it (0). Healthy: well under a second. Reads stay correct whatever the lag (a lagging replica is simply not used for reads after recent writes); past 30 s for 5 minutes, alert DatabaseReplicaLagging; skipped for 2 minutes, DatabaseReplicaDown.',
      queries: [
        { expr: `max by (replica) (db_replica_lag_seconds{${API}})`, legend: '{{replica}} lag' },
        { expr: `min by (replica) (db_replica_up{${API}})`, legend: '{{replica}} in use' },
      ],
    }))

    .withPanel(timeSeries({
      title: 'PgBouncer connections', unit: 'short', steps: [GREEN, [1, YELLOW], [10, RED]], min: 0,
      description: 'With the scale profile: server connections PgBouncer holds busy for clients, and clients waiting for one. Healthy: no client waiting; waiting clients while servers sit at the pool size mean the pool (DEFAULT_POOL_SIZE) or the database is the limit (alert PgBouncerClientsWaiting).',
      queries: [
        { expr: 'sum(pgbouncer_pools_server_active_connections)', legend: 'server connections in use' },
        { expr: 'sum(pgbouncer_pools_client_waiting_connections)', legend: 'clients waiting' },
      ],
    }))
    .withPanel(timeSeries({
      title: 'PgBouncer longest wait', unit: 's', steps: [GREEN, [0.1, YELLOW], [1, RED]], min: 0,
      description: 'With the scale profile: how long the oldest client waiting in a PgBouncer pool has waited for a server connection. Healthy: 0; over a second for two minutes, alert PgBouncerClientsWaiting.',
      queries: [{ expr: 'max by (database) (pgbouncer_pools_client_maxwait_seconds)', legend: '{{database}}' }],
    }))

    .withRow(new RowBuilder('Backend resources'))
    .withPanel(timeSeries({
      title: 'Backend CPU', unit: 'percentunit', steps: [GREEN, [0.6, YELLOW], [0.9, RED]], min: 0,
      description: 'CPU used by the API process and its container, as a share of one core (Node runs JavaScript on one). Healthy: 20–60 %; at 100 % it is the bottleneck (alert BackendCpuSaturated).',
      queries: [
        { expr: `rate(process_cpu_seconds_total{${API}}[${RATE}])`, legend: 'process' },
        { expr: `sum(rate(container_cpu_usage_seconds_total{${BACKEND}}[${RATE}]))`, legend: 'container' },
      ],
    }))
    .withPanel(timeSeries({
      title: 'CPU throttling', unit: 'percentunit', steps: [GREEN, [0.1, YELLOW], [0.25, RED]], min: 0,
      description: 'How often the backend container wanted CPU beyond its limit (share of CFS periods throttled) and the CPU time it was denied per second (container_cpu_cfs_throttled_seconds_total). Healthy: near 0; sustained throttling means the limit is too low for the load (alert BackendCpuThrottled).',
      queries: [
        { expr: `sum(rate(container_cpu_cfs_throttled_periods_total{${BACKEND}}[${RATE}])) / sum(rate(container_cpu_cfs_periods_total{${BACKEND}}[${RATE}]))`, legend: 'periods throttled' },
        { expr: `sum(rate(container_cpu_cfs_throttled_seconds_total{${BACKEND}}[${RATE}]))`, legend: 'CPU denied (s/s)' },
      ],
    }))
    .withPanel(timeSeries({
      title: 'Backend memory', unit: 'bytes', steps: MEMORY, min: 0,
      description: 'Resident memory of the API, its JavaScript heap, and the container\'s working set against its 512 MiB limit. Healthy: flat after warm-up. A steady climb is a leak that ends in an OOM kill (alert BackendMemoryGrowing).',
      queries: [
        { expr: `process_resident_memory_bytes{${API}}`, legend: 'resident' },
        { expr: `nodejs_heap_size_used_bytes{${API}}`, legend: 'heap used' },
        { expr: `sum(container_memory_working_set_bytes{${BACKEND}})`, legend: 'container working set' },
      ],
    }))
    .withPanel(timeSeries({
      title: 'Disk space available', unit: 'percentunit', steps: [RED, [0.1, YELLOW], [0.2, GREEN]], min: 0, max: 1,
      description: 'Free space on the host\'s filesystems (where postgres_data lives). Healthy: over 20 % free; under 10 % act now — at 0 PostgreSQL stops accepting writes (alert DiskSpaceLow).',
      queries: [{ expr: 'instance_mountpoint:node_filesystem_avail:ratio', legend: '{{mountpoint}}' }],
    }))
    .withPanel(timeSeries({
      title: 'Network I/O', unit: 'Bps', steps: LINK, min: 0,
      description: 'Bytes in and out of the host and of the backend container. Healthy: follows requests per second; read it with the next panel — high traffic with low RPS means unusual transfers or scraping. The colours mark 40 % and 80 % of a 1 Gbit/s link (125 MB/s).',
      queries: [
        { expr: `sum(rate(node_network_receive_bytes_total{device!~"lo|veth.*|docker.*|br-.*"}[${RATE}]))`, legend: 'host in' },
        { expr: `sum(rate(node_network_transmit_bytes_total{device!~"lo|veth.*|docker.*|br-.*"}[${RATE}]))`, legend: 'host out' },
        { expr: `sum(rate(container_network_receive_bytes_total{${BACKEND}}[${RATE}]))`, legend: 'backend in' },
        { expr: `sum(rate(container_network_transmit_bytes_total{${BACKEND}}[${RATE}]))`, legend: 'backend out' },
      ],
    }))
    .withPanel(timeSeries({
      title: 'Bytes sent per request', unit: 'bytes', steps: [GREEN, [100 * 1024, YELLOW], [MIB, RED]], min: 0,
      description: 'The backend container\'s outgoing bytes divided by its requests. Healthy: a few KiB (a page of 50 records is ~20 KiB). Far more per request means odd transfers, scraping or a response gone wrong.',
      queries: [{
        expr: `sum(rate(container_network_transmit_bytes_total{${BACKEND}}[${RATE}])) / ${requestRate}`,
        legend: 'bytes per request',
      }],
    }));
}
