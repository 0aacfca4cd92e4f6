// What the server saw during a run: from the difference of two /metrics scrapes, with scrapes
// every second in between for the peaks (works with no Prometheus), or from Prometheus queries
// over the run's window when a Prometheus URL is given.

import { buckets, parseExposition, quantileBetween, total, type Sample } from './exposition.ts';

export interface ServerFigures {
  source: string;
  requests?: number;
  statusCodes?: Record<string, number>;
  p95?: number;
  p99?: number;
  /** Share of one core, mean and highest over one-second windows. */
  cpuMean?: number;
  cpuPeak?: number;
  memoryStart?: number;
  memoryEnd?: number;
  memoryPeak?: number;
  /** Database operation time in milliseconds, pool wait included. */
  dbMean?: number;
  dbP95?: number;
  poolWaitersPeak?: number;
  eventLoopLagPeak?: number;
  /** Share of shared-cache look-ups that were hits (undefined: no cache look-up, or no cache). */
  cacheHitRatio?: number;
}

interface Scrape {
  at: number;
  samples: Sample[];
}

const SKIP_ROUTE = { route: /^(?!\/metrics$)/ };

async function scrape(url: string, token: string | undefined): Promise<Scrape> {
  const response = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(5000), headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (response.status === 401) throw new Error(`GET ${url}/metrics answered 401: the API sets METRICS_TOKEN; pass it with --metrics-token or METRICS_TOKEN`);
  if (!response.ok) throw new Error(`GET ${url}/metrics answered ${response.status}`);
  return { at: Date.now(), samples: parseExposition(await response.text()) };
}

/** Scrapes /metrics now and every second until stopped; then differences the first and last. */
export class MetricsSampler {
  private readonly scrapes: Scrape[] = [];
  private timer: NodeJS.Timeout | undefined;
  private pending: Promise<void> = Promise.resolve();

  constructor(
    private readonly url: string,
    private readonly token?: string,
  ) {}

  async start(): Promise<void> {
    this.scrapes.push(await scrape(this.url, this.token));
    this.timer = setInterval(() => {
      this.pending = scrape(this.url, this.token).then((s) => void this.scrapes.push(s), () => undefined);
    }, 1000);
  }

  async stop(): Promise<ServerFigures> {
    clearInterval(this.timer);
    await this.pending;
    this.scrapes.push(await scrape(this.url, this.token));
    return figuresFromScrapes(this.scrapes);
  }
}

export function figuresFromScrapes(scrapes: Scrape[]): ServerFigures {
  const first = scrapes[0]!.samples;
  const last = scrapes.at(-1)!.samples;
  const seconds = (scrapes.at(-1)!.at - scrapes[0]!.at) / 1000;
  const delta = (name: string, match = {}) => (total(last, name, match) ?? 0) - (total(first, name, match) ?? 0);

  const statusCodes: Record<string, number> = {};
  for (const s of last) {
    if (s.name !== 'http_requests_total' || s.labels.route === '/metrics') continue;
    const before = first.find((f) => f.name === s.name && sameLabels(f.labels, s.labels))?.value ?? 0;
    const code = s.labels.status_code!;
    if (s.value - before > 0) statusCodes[code] = (statusCodes[code] ?? 0) + s.value - before;
  }

  const cpu: number[] = [];
  for (let i = 1; i < scrapes.length; i++) {
    const dt = (scrapes[i]!.at - scrapes[i - 1]!.at) / 1000;
    const used = (total(scrapes[i]!.samples, 'process_cpu_seconds_total') ?? 0) - (total(scrapes[i - 1]!.samples, 'process_cpu_seconds_total') ?? 0);
    if (dt > 0.2) cpu.push(used / dt);
  }
  // Peaks over the scrapes taken during the run: the first one describes the time before it.
  const during = scrapes.slice(1);
  const peak = (name: string, match = {}) => Math.max(...during.map((s) => total(s.samples, name, match) ?? 0));
  const dbCount = delta('db_query_duration_seconds_count');
  const cacheLookups = delta('cache_requests_total');
  const httpBuckets = (samples: Sample[]) => buckets(samples.filter((s) => s.labels.route !== '/metrics'), 'http_request_duration_seconds');
  const ms = (seconds: number | undefined) => (seconds === undefined ? undefined : seconds * 1000);

  return {
    source: 'API /metrics, scraped every second',
    requests: delta('http_requests_total', SKIP_ROUTE),
    statusCodes,
    p95: ms(quantileBetween(0.95, httpBuckets(first), httpBuckets(last))),
    p99: ms(quantileBetween(0.99, httpBuckets(first), httpBuckets(last))),
    cpuMean: seconds > 0 ? delta('process_cpu_seconds_total') / seconds : undefined,
    cpuPeak: cpu.length ? Math.max(...cpu) : undefined,
    memoryStart: total(first, 'process_resident_memory_bytes'),
    memoryEnd: total(last, 'process_resident_memory_bytes'),
    memoryPeak: peak('process_resident_memory_bytes'),
    dbMean: dbCount > 0 ? (delta('db_query_duration_seconds_sum') / dbCount) * 1000 : undefined,
    dbP95: ms(quantileBetween(0.95, buckets(first, 'db_query_duration_seconds'), buckets(last, 'db_query_duration_seconds'))),
    poolWaitersPeak: peak('db_pool_connections', { state: 'waiting' }),
    eventLoopLagPeak: ms(peak('nodejs_eventloop_lag_p99_seconds')),
    cacheHitRatio: cacheLookups > 0 ? delta('cache_requests_total', { result: 'hit' }) / cacheLookups : undefined,
  };
}

function sameLabels(a: Record<string, string>, b: Record<string, string>) {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

/** The same figures from Prometheus, over the run's window, for the backend job. */
export async function figuresFromPrometheus(url: string, start: Date, end: Date): Promise<ServerFigures> {
  const seconds = Math.max(1, Math.round((end.getTime() - start.getTime()) / 1000));
  const window = `${seconds}s`;
  const vector = async (query: string): Promise<Array<{ metric: Record<string, string>; value: number }>> => {
    const response = await fetch(`${url}/api/v1/query`, {
      method: 'POST',
      body: new URLSearchParams({ query, time: (end.getTime() / 1000).toFixed(3) }),
      signal: AbortSignal.timeout(10_000),
    });
    const body = (await response.json()) as { status: string; error?: string; data?: { result: Array<{ metric: Record<string, string>; value: [number, string] }> } };
    if (body.status !== 'success') throw new Error(`Prometheus: ${body.error} (${query})`);
    return (body.data?.result ?? []).map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
  };
  const scalar = async (query: string) => {
    const value = (await vector(query))[0]?.value;
    return value !== undefined && Number.isFinite(value) ? value : undefined;
  };
  const ms = (value: number | undefined) => (value === undefined ? undefined : value * 1000);
  const job = 'job="backend"';
  const requests = `http_requests_total{${job}, route!="/metrics"}`;
  const byCode = await vector(`sum by (status_code) (increase(${requests}[${window}]))`);
  return {
    source: `Prometheus ${url}, over the run's ${window}`,
    requests: await scalar(`sum(increase(${requests}[${window}]))`),
    statusCodes: Object.fromEntries(byCode.map((r) => [r.metric.status_code!, Math.round(r.value)])),
    p95: ms(await scalar(`histogram_quantile(0.95, sum by (le) (increase(http_request_duration_seconds_bucket{${job}, route!="/metrics"}[${window}])))`)),
    cpuMean: await scalar(`sum(increase(process_cpu_seconds_total{${job}}[${window}])) / ${seconds}`),
    cpuPeak: await scalar(`max_over_time(rate(process_cpu_seconds_total{${job}}[30s])[${window}:5s])`),
    memoryStart: await scalar(`sum(process_resident_memory_bytes{${job}} offset ${window})`),
    memoryEnd: await scalar(`sum(process_resident_memory_bytes{${job}})`),
    memoryPeak: await scalar(`max(max_over_time(process_resident_memory_bytes{${job}}[${window}]))`),
    dbMean: ms(await scalar(`sum(increase(db_query_duration_seconds_sum{${job}}[${window}])) / sum(increase(db_query_duration_seconds_count{${job}}[${window}]))`)),
    dbP95: ms(await scalar(`histogram_quantile(0.95, sum by (le) (increase(db_query_duration_seconds_bucket{${job}}[${window}])))`)),
    poolWaitersPeak: await scalar(`max(max_over_time(db_pool_connections{${job}, state="waiting"}[${window}]))`),
    eventLoopLagPeak: ms(await scalar(`max(max_over_time(nodejs_eventloop_lag_p99_seconds{${job}}[${window}]))`)),
    cacheHitRatio: await scalar(`sum(increase(cache_requests_total{${job}, result="hit"}[${window}])) / sum(increase(cache_requests_total{${job}}[${window}]))`),
  };
}
