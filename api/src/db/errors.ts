// What the data layer says when it cannot do what was asked, in its own words: the database is
// away, too busy, or refused the change (a duplicate, a missing reference, dependants that block
// a delete, a value it cannot store, a move the rules forbid). Database.run translates every
// driver error into one of these, so nothing above the data layer knows PostgreSQL's error
// codes; the HTTP layer decides what each means to a client.

/** Anything the data layer reports on purpose; other errors are defects. */
export class DataError extends Error {}

/** The database does not answer (refused, reset, shut down, gone). */
export class DatabaseUnavailable extends DataError {
  override name = 'DatabaseUnavailable';
}

/**
 * Too much work right now: every pooled connection is busy and the wait queue is full or the
 * wait took too long, or a statement ran past its timeout.
 */
export class DatabaseBusy extends DataError {
  override name = 'DatabaseBusy';
}

export type RefusalReason = 'duplicate' | 'missing_reference' | 'has_dependants' | 'invalid_value' | 'illegal_move' | 'unprocessable';

export interface RefusalDetails {
  /** The constraint that refused it, by its name in schema.ts. */
  constraint?: string;
  /** The API field at fault, when the refusal is about one field. */
  field?: string;
  /** A plain sentence about the refusal, when the reason alone does not say enough. */
  message?: string;
}

/** The database (or a rule checked in the same statement) refused the change; nothing was stored. */
export class Refused extends DataError {
  override name = 'Refused';
  constructor(
    readonly reason: RefusalReason,
    readonly details: RefusalDetails = {},
    options?: ErrorOptions,
  ) {
    super(details.message ?? `refused: ${reason}${details.constraint ? ` (${details.constraint})` : ''}`, options);
  }
}

interface DriverError {
  code?: string;
  constraint?: string;
  message?: string;
  cause?: unknown;
}

/** An error and the causes it wraps, a few levels deep (Drizzle wraps the driver's error). */
export function* causes(error: unknown): Generator<DriverError> {
  let current = error as DriverError | undefined;
  for (let depth = 0; current && depth < 4; depth++) {
    yield current;
    current = current.cause as DriverError | undefined;
  }
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

/** Whether an error means the connection it came from can no longer be trusted. */
export function isConnectionError(error: unknown): boolean {
  for (const current of causes(error)) {
    const code = current.code;
    if (typeof code === 'string' && (CONNECTION_CODES.has(code) || code.startsWith('08'))) return true;
  }
  return CONNECTION_MESSAGES.test(messageChain(error));
}

/** The data layer's error for a driver error, or the error itself when it is a defect. */
export function translateDatabaseError(error: unknown): unknown {
  // Drizzle wraps what the pool threw (DrizzleQueryError): the data layer's own error may be a cause.
  for (const current of causes(error)) if (current instanceof DataError) return current;
  const driver = [...causes(error)].find((current) => typeof current.code === 'string');
  const code = driver?.code;
  const named = driver?.constraint ? { constraint: driver.constraint } : {};
  const options = { cause: error };
  if (code === '57014' /* query_canceled: statement timeout */) return new DatabaseBusy('a statement ran past its timeout', options);
  if (isConnectionError(error)) return new DatabaseUnavailable('the database is unavailable', options);
  // A foreign key refusing to delete or re-key a parent: 23503 on PostgreSQL 15, 23001
  // (restrict_violation) on newer servers such as PGlite's PostgreSQL 18.
  if (code === '23001' || (code === '23503' && /^update or delete on table/.test(driver?.message ?? ''))) {
    return new Refused('has_dependants', named, options);
  }
  if (code === '23503') return new Refused('missing_reference', named, options);
  if (code === '23505') return new Refused('duplicate', named, options);
  // data_exception (22xxx) and integrity checks: a value the schema let through but PostgreSQL
  // refuses (e.g. a NUL character).
  if (code && (code.startsWith('22') || code === '23514' || code === '23502')) {
    return new Refused('invalid_value', named, options);
  }
  return error;
}

function messageChain(error: unknown): string {
  return [...causes(error)].flatMap((current) => (typeof current.message === 'string' ? [current.message] : [])).join(' | ');
}
