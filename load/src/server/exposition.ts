// The Prometheus text format as flat samples (name, labels, value) — all the load tool needs to
// difference two scrapes. (parse-prometheus-text-format, tried first, drops the labels, _sum and
// _count of labelled histograms.)

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

export function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const match = LINE.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const [, name, value] of (match[2] ?? '').matchAll(LABEL)) labels[name!] = value!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

/** Sum of every series of `name` whose labels include `match`. */
export function total(samples: Sample[], name: string, match: Record<string, string | RegExp> = {}): number | undefined {
  const chosen = samples.filter(
    (s) => s.name === name && Object.entries(match).every(([k, v]) => (typeof v === 'string' ? s.labels[k] === v : v.test(s.labels[k] ?? ''))),
  );
  return chosen.length ? chosen.reduce((sum, s) => sum + s.value, 0) : undefined;
}

/** Cumulative bucket counts of histogram `name` summed over its other labels, by upper bound. */
export function buckets(samples: Sample[], name: string): Map<number, number> {
  const byBound = new Map<number, number>();
  for (const s of samples) {
    if (s.name !== `${name}_bucket`) continue;
    const bound = s.labels.le === '+Inf' ? Infinity : Number(s.labels.le);
    byBound.set(bound, (byBound.get(bound) ?? 0) + s.value);
  }
  return byBound;
}

/**
 * The q-quantile of the observations between two scrapes of a histogram, interpolated within
 * the bucket as Prometheus's histogram_quantile does (so the figure matches the dashboard's).
 */
export function quantileBetween(q: number, before: Map<number, number>, after: Map<number, number>): number | undefined {
  const bounds = [...after.keys()].sort((a, b) => a - b);
  const counts = bounds.map((b) => (after.get(b) ?? 0) - (before.get(b) ?? 0));
  const observed = counts.at(-1) ?? 0;
  if (observed <= 0) return undefined;
  const rank = q * observed;
  const index = counts.findIndex((c) => c >= rank);
  const upper = bounds[index]!;
  if (upper === Infinity) return bounds[index - 1];
  const lower = index === 0 ? 0 : bounds[index - 1]!;
  const below = index === 0 ? 0 : counts[index - 1]!;
  return lower + ((upper - lower) * (rank - below)) / (counts[index]! - below);
}
