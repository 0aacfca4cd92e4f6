// Problem details (RFC 9457): the HTTP layer's one way of saying no. Routes and plugins throw
// an HttpProblem; the problems plugin sends it as application/problem+json. Repositories never
// see this module: they throw the data layer's own errors (db/errors.ts), which the problems
// plugin translates.

export interface FieldError {
  path: string;
  message: string;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function titleOf(status: number): string {
  return TITLES[status] ?? 'Error';
}

export interface ProblemOptions {
  /** Machine-readable reason, e.g. `duplicate`, `has_dependants`. */
  code?: string;
  errors?: FieldError[];
  /** Seconds, sent as Retry-After. */
  retryAfter?: number;
}

export class HttpProblem extends Error {
  override name = 'HttpProblem';
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly options: ProblemOptions = {},
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

/** 400 for a query string whose parts are each valid but do not fit together. */
export const invalidQuery = (errors: FieldError[]) => new HttpProblem(400, 'The query string is invalid', { code: 'validation', errors });

/** Seconds a client should wait before retrying when the service is busy or its database is away. */
export const RETRY_AFTER_SECONDS = { overloaded: 1, unavailable: 5 } as const;

/** 503: too much work right now (pool saturated, event loop lagging); retry in a second. */
export const overloaded = () =>
  new HttpProblem(503, 'The service is overloaded; retry shortly', { code: 'overloaded', retryAfter: RETRY_AFTER_SECONDS.overloaded });

/** 503: the database does not answer; retry in a few seconds. */
export const databaseUnavailable = (detail = 'The database is unavailable; retry shortly') =>
  new HttpProblem(503, detail, { code: 'database_unavailable', retryAfter: RETRY_AFTER_SECONDS.unavailable });

/** 503 while the process shuts down: another instance (or this one, restarted) will answer. */
export const shuttingDown = () =>
  new HttpProblem(503, 'The service is shutting down; retry shortly', { code: 'shutting_down', retryAfter: RETRY_AFTER_SECONDS.overloaded });
