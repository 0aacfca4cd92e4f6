// Command-line options → a checked Options object. Every mistake is a UsageError with a message
// that names the option; the CLI prints it and exits 2.

import { parseArgs } from 'node:util';
import { SCENARIOS, type ScenarioName } from './scenarios/index.ts';
import { UsageError } from './usage.ts';

export { UsageError };

export interface EndpointWeight {
  method: 'GET' | 'POST';
  path: string;
  weight: number;
}

export interface Options {
  scenario: ScenarioName;
  url: string;
  users?: number;
  requests?: number;
  iterations?: number;
  durationSeconds?: number;
  rate?: number;
  mix?: EndpointWeight[];
  step?: number;
  maxUsers: number;
  spikeUsers?: number;
  prometheus?: string;
  out: string;
  maxP95Ms: number;
  maxErrorRate: number;
  max4xxRate?: number;
  progress: boolean;
  /** The API token every request sends (Authorization: Bearer); --token or BENGKEL_TOKEN. */
  token?: string;
  /** The token /metrics wants when the API sets METRICS_TOKEN; --metrics-token or METRICS_TOKEN. */
  metricsToken?: string;
}

function positiveInteger(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(value)) throw new UsageError(`--${name} must be a whole number above 0, got "${value}"`);
  return Number(value);
}

function positiveNumber(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number <= 0) throw new UsageError(`--${name} must be a number above 0, got "${value}"`);
  return number;
}

function ratio(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number < 0 || number > 1) throw new UsageError(`--${name} must be a ratio from 0 to 1 (0.01 = 1 %), got "${value}"`);
  return number;
}

const UNITS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600 };

export function parseDuration(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value);
  const seconds = match ? Number(match[1]) * UNITS[match[2] ?? 's']! : NaN;
  if (!(seconds >= 1)) throw new UsageError(`--duration must be a time of at least 1s such as 30s, 5m or 1h, got "${value}"`);
  return seconds;
}

function url(name: string, value: string): string {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new UsageError(`--${name} must be an http(s) URL, got "${value}"`);
  }
  if (!['http:', 'https:'].includes(parsed.protocol)) throw new UsageError(`--${name} must be an http(s) URL, got "${value}"`);
  return value.replace(/\/+$/, '');
}

function secret(name: string, value: string | undefined): string | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/\s/.test(text)) throw new UsageError(`--${name} must be one token without spaces`);
  return text;
}

/** "GET /api/vehicles:3,POST /api/customers:1" → weighted endpoints. */
export function parseMix(value: string | undefined): EndpointWeight[] | undefined {
  if (value === undefined) return undefined;
  const entries = value.split(',').map((part) => part.trim()).filter(Boolean);
  if (entries.length === 0) throw new UsageError('--mix is empty');
  return entries.map((entry) => {
    const match = /^(GET|POST)\s+(\/\S*?)(?::(\d+))?$/.exec(entry);
    if (!match) throw new UsageError(`--mix entries look like "GET /api/vehicles:3", got "${entry}"`);
    const [, method, path, weight] = match;
    if (method === 'POST' && path !== '/api/customers') throw new UsageError(`--mix can POST only to /api/customers (each with a new unique customer), got "${entry}"`);
    return { method: method as 'GET' | 'POST', path: path!, weight: weight ? Number(weight) : 1 };
  });
}

export function parseOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): Options | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        url: { type: 'string' },
        users: { type: 'string' },
        requests: { type: 'string' },
        iterations: { type: 'string' },
        duration: { type: 'string' },
        rate: { type: 'string' },
        mix: { type: 'string' },
        step: { type: 'string' },
        'max-users': { type: 'string' },
        'spike-users': { type: 'string' },
        prometheus: { type: 'string' },
        out: { type: 'string' },
        'max-p95': { type: 'string' },
        'max-error-rate': { type: 'string' },
        'max-4xx-rate': { type: 'string' },
        'no-progress': { type: 'boolean' },
        token: { type: 'string' },
        'metrics-token': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (positionals.length !== 1) throw new UsageError(positionals.length ? `one scenario at a time, got ${positionals.join(' ')}` : `name a scenario: ${Object.keys(SCENARIOS).join(', ')}`);
  const scenario = positionals[0]!;
  if (!(scenario in SCENARIOS)) throw new UsageError(`unknown scenario "${scenario}": choose ${Object.keys(SCENARIOS).join(', ')}`);

  const options: Options = {
    scenario: scenario as ScenarioName,
    url: url('url', values.url ?? env.BENGKEL_URL ?? 'http://localhost:5000'),
    users: positiveInteger('users', values.users),
    requests: positiveInteger('requests', values.requests),
    iterations: positiveInteger('iterations', values.iterations),
    durationSeconds: parseDuration(values.duration),
    rate: positiveNumber('rate', values.rate),
    mix: parseMix(values.mix),
    step: positiveInteger('step', values.step),
    maxUsers: positiveInteger('max-users', values['max-users']) ?? 256,
    spikeUsers: positiveInteger('spike-users', values['spike-users']),
    prometheus: values.prometheus === undefined ? undefined : url('prometheus', values.prometheus),
    out: values.out ?? 'reports',
    maxP95Ms: positiveNumber('max-p95', values['max-p95']) ?? 200,
    maxErrorRate: ratio('max-error-rate', values['max-error-rate']) ?? 0.01,
    max4xxRate: ratio('max-4xx-rate', values['max-4xx-rate']),
    progress: !values['no-progress'],
    token: secret('token', values.token ?? env.BENGKEL_TOKEN),
    metricsToken: secret('metrics-token', values['metrics-token'] ?? env.METRICS_TOKEN),
  };
  SCENARIOS[options.scenario].check?.(options);
  return options;
}
