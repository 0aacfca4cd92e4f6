// Problem details (RFC 9457) as thrown errors, and the translation of database errors into
// them: a constraint PostgreSQL enforced becomes the status API.md gives for it; an unreachable
// or saturated database becomes 503 with Retry-After. Nothing of the SQL reaches the client.

export interface FieldError {
  path: string;
  message: string;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function titleOf(status: number): string {
  return TITLES[status] ?? 'Error';
}

export class HttpProblem extends Error {
  override name = 'HttpProblem';
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly options: { code?: string; errors?: FieldError[]; retryAfter?: number } = {},
  ) {
    super(detail);
  }

  body() {
    return {
      type: 'about:blank',
      title: titleOf(this.status),
      status: this.status,
      detail: this.detail,
      ...(this.options.code ? { code: this.options.code } : {}),
      ...(this.options.errors ? { errors: this.options.errors } : {}),
    };
  }
}

export const notFound = (what: string) => new HttpProblem(404, `${what} does not exist`, { code: 'not_found' });

/** Seconds a client should wait before retrying when the database is unreachable or saturated. */
export const RETRY_AFTER_SECONDS = { overloaded: 1, unavailable: 5 } as const;

/** 503: too much work right now (pool saturated, event loop lagging); retry in a second. */
export const overloaded = () =>
  new HttpProblem(503, 'The service is overloaded; retry shortly', { code: 'overloaded', retryAfter: RETRY_AFTER_SECONDS.overloaded });

/** 503: the database does not answer; retry in a few seconds. */
export const databaseUnavailable = (detail = 'The database is unavailable; retry shortly') =>
  new HttpProblem(503, detail, { code: 'database_unavailable', retryAfter: RETRY_AFTER_SECONDS.unavailable });

/** What each named constraint means to a client, by the constraint's name in schema.ts. */
const CONSTRAINTS: Record<string, { status: number; path: string; detail: string; code: string }> = {
  customers_email_key: {
    status: 409,
    path: '/email',
    detail: 'Another customer already has this email address',
    code: 'duplicate',
  },
  vehicles_plate_number_key: {
    status: 409,
    path: '/plateNumber',
    detail: 'Another vehicle already has this plate number',
    code: 'duplicate',
  },
  vehicles_customer_id_customers_id_fk: {
    status: 422,
    path: '/customerId',
    detail: 'The customer does not exist',
    code: 'unknown_reference',
  },
  services_vehicle_id_vehicles_id_fk: {
    status: 422,
    path: '/vehicleId',
    detail: 'The vehicle does not exist',
    code: 'unknown_reference',
  },
};

/** What blocks a delete, by the foreign key that refused it. */
const DEPENDANTS: Record<string, string> = {
  vehicles_customer_id_customers_id_fk: 'The customer still owns vehicles: delete or reassign them first',
  services_vehicle_id_vehicles_id_fk: 'The vehicle still has service records: delete them first',
};

interface DriverError {
  code?: string;
  constraint?: string;
  message?: string;
  cause?: unknown;
}

/** An error and the causes it wraps, a few levels deep (Drizzle wraps the driver's error). */
function* causes(error: unknown): Generator<DriverError> {
  let current = error as DriverError | undefined;
  for (let depth = 0; current && depth < 4; depth++) {
    yield current;
    current = current.cause as DriverError | undefined;
  }
}

/** Drizzle wraps driver errors (DrizzleQueryError); the PostgreSQL error is its cause. */
function driverError(error: unknown): DriverError | undefined {
  for (const current of causes(error)) if (typeof current.code === 'string') return current;
  return undefined;
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EPIPE',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
  '3D000', // invalid_catalog_name: the database is gone
]);

const CONNECTION_MESSAGES = /timeout exceeded when trying to connect|Connection terminated|connection is closed|Client has encountered a connection error|PGlite is closed/i;

/** Maps an error from a repository to a problem, or returns undefined if it is a defect. */
export function problemFromDatabase(error: unknown): HttpProblem | undefined {
  if (error instanceof HttpProblem) return error;
  const driver = driverError(error);
  const code = driver?.code;
  if (code === 'POOL_SATURATED' || code === '57014' /* query_canceled (statement timeout) */) return overloaded();
  if ((code && (CONNECTION_CODES.has(code) || code.startsWith('08'))) || CONNECTION_MESSAGES.test(messageChain(error))) {
    return databaseUnavailable();
  }
  // A foreign key refusing to delete a parent: 23503 on PostgreSQL 15, 23001
  // (restrict_violation) on newer servers such as PGlite's PostgreSQL 18.
  const blocked = DEPENDANTS[driver?.constraint ?? ''];
  if (blocked && (code === '23001' || (code === '23503' && /^update or delete on table/.test(driver?.message ?? '')))) {
    return new HttpProblem(409, blocked, { code: 'has_dependants' });
  }
  if (code === '23505' || code === '23503') {
    const known = CONSTRAINTS[driver?.constraint ?? ''];
    if (known) {
      return new HttpProblem(known.status, known.detail, {
        code: known.code,
        errors: [{ path: known.path, message: known.detail }],
      });
    }
    return new HttpProblem(409, 'The change conflicts with stored data', { code: 'conflict' });
  }
  // data_exception (22xxx) and integrity checks: a value the schema let through but PostgreSQL
  // refuses (e.g. a NUL character). The request is wrong, not the server.
  if (code && (code.startsWith('22') || code === '23514' || code === '23502')) {
    return new HttpProblem(400, 'A value in the request cannot be stored', { code: 'invalid_value' });
  }
  return undefined;
}

function messageChain(error: unknown): string {
  return [...causes(error)].flatMap((current) => (typeof current.message === 'string' ? [current.message] : [])).join(' | ');
}
