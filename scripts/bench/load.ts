// One benchmark load run: the load CLI's runner (autocannon, every latency in an HDR histogram)
// on one URL or a sequence of requests, summarised for the benchmark's table.

import { get, type RequestSpec } from '../../load/src/scenarios/requests.ts';
import { runStage } from '../../load/src/runner.ts';

export interface LoadResult {
  label: string;
  connections: number;
  requestsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  total: number;
  byClass: Record<'2xx' | '3xx' | '4xx' | '5xx', number>;
  errors: number;
}

export interface LoadOptions {
  label: string;
  /** The URL to load, or with `requests` the server they go to. */
  url: string;
  connections: number;
  seconds: number;
  requests?: RequestSpec[];
  /** The API token every request sends (the references ignore it, and pay for the header alike). */
  token?: string;
}

export async function load(options: LoadOptions): Promise<LoadResult> {
  const url = new URL(options.url);
  const { client } = await runStage(url.origin, {
    label: options.label,
    users: options.connections,
    durationSeconds: options.seconds,
    requests: options.requests ?? [get(`${url.pathname}${url.search}`)],
  }, undefined, options.token).done;
  const byClass = { '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0 };
  for (const [code, n] of Object.entries(client.statusCodes)) {
    const key = `${code[0]}xx` as keyof typeof byClass;
    if (key in byClass) byClass[key] += n;
  }
  return {
    label: options.label,
    connections: options.connections,
    requestsPerSecond: client.meanRps,
    p50: client.p50,
    p95: client.p95,
    p99: client.p99,
    total: client.requests,
    byClass,
    errors: client.errors,
  };
}
