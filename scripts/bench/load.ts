// One load run with autocannon, its latencies kept in an HDR histogram (autocannon's own
// summary has no p95), its answers counted by status class.

import autocannon from 'autocannon';
import * as hdr from 'hdr-histogram-js';

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
  url: string;
  connections: number;
  seconds: number;
  requests?: autocannon.Request[];
}

export async function load(options: LoadOptions): Promise<LoadResult> {
  const histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 });
  const byClass = { '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0 };
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        duration: options.seconds,
        ...(options.requests ? { requests: options.requests } : {}),
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      histogram.recordValue(Math.max(1, Math.round(responseTime * 1000)));
      const key = `${Math.floor(statusCode / 100)}xx` as keyof typeof byClass;
      if (key in byClass) byClass[key]++;
    });
  });
  const ms = (percentile: number) => histogram.getValueAtPercentile(percentile) / 1000;
  const completed = histogram.totalCount;
  return {
    label: options.label,
    connections: options.connections,
    requestsPerSecond: completed / options.seconds,
    p50: ms(50),
    p95: ms(95),
    p99: ms(99),
    total: completed,
    byClass,
    errors: result.errors + result.timeouts,
  };
}
