// Every error leaves as application/problem+json (RFC 9457) with the status API.md gives it.
// Clients get a plain sentence and, for validation, the fields at fault; the stack and any SQL
// stay in the log. The data layer's errors (db/errors.ts) become statuses here; what a named
// constraint means to a client (which field, which sentence) is told by the resource that owns
// it, through `app.describeConstraints`, so this plugin knows no resource.

import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { DatabaseBusy, DatabaseUnavailable, Refused, type RefusalReason } from '../db/errors.ts';
import { databaseUnavailable, HttpProblem, overloaded, type FieldError } from '../http/problem.ts';

/** What one named constraint means to a client, for each way it can refuse a change. */
export interface ConstraintMeaning {
  /** A unique constraint: the field that repeats another row's value. */
  duplicate?: { field: string; detail: string };
  /** A foreign key seen from the child: the referenced row does not exist. */
  missing_reference?: { field: string; detail: string };
  /** The same foreign key seen from the parent: rows still depend on it. */
  has_dependants?: { detail: string };
  /** A value the database itself checks and refuses (400). */
  invalid_value?: { field: string; detail: string };
}

export type ConstraintTable = Record<string, ConstraintMeaning>;

declare module 'fastify' {
  interface FastifyInstance {
    /** Tells the problems plugin what the constraints a resource owns mean to a client. */
    describeConstraints(table: ConstraintTable): void;
    /** What an error is to a client, as the error handler would send it (undefined: our fault, a 500). */
    problemOf(error: unknown): HttpProblem | undefined;
  }
}

/** What each kind of refusal is to a client: its status, its code, and a sentence when no resource said more. */
const REFUSALS: Record<RefusalReason, { status: number; code: string; detail: string }> = {
  duplicate: { status: 409, code: 'duplicate', detail: 'The change conflicts with stored data' },
  has_dependants: { status: 409, code: 'has_dependants', detail: 'Other records still depend on this one' },
  illegal_move: { status: 409, code: 'illegal_status_move', detail: 'The change is not allowed in the current state' },
  missing_reference: { status: 422, code: 'unknown_reference', detail: 'A referenced record does not exist' },
  invalid_value: { status: 400, code: 'invalid_value', detail: 'A value in the request cannot be stored' },
  unprocessable: { status: 422, code: 'unprocessable', detail: 'The request cannot be carried out as it stands' },
};

function refusalProblem(refusal: Refused, constraints: ConstraintTable): HttpProblem {
  const { reason, details } = refusal;
  const { status, code } = REFUSALS[reason];
  const meaning = constraints[details.constraint ?? '']?.[reason as keyof ConstraintMeaning];
  if (meaning && 'field' in meaning) {
    return new HttpProblem(status, meaning.detail, { code, errors: [{ path: meaning.field, message: meaning.detail }] });
  }
  if (meaning) return new HttpProblem(status, meaning.detail, { code });
  const detail = details.message ?? REFUSALS[reason].detail;
  // An unnamed duplicate is a conflict in general, not about a field a client could fix.
  const generic = reason === 'duplicate' && !details.field ? 'conflict' : code;
  return new HttpProblem(status, detail, { code: generic, ...(details.field ? { errors: [{ path: details.field, message: detail }] } : {}) });
}

const READ_ONLY = new Set(['id', 'createdAt', 'updatedAt', 'startedAt', 'completedAt']);

const PARTS: Record<string, string> = {
  body: 'The request body is invalid',
  querystring: 'The query string is invalid',
  params: 'The path is invalid',
  headers: 'The request headers are invalid',
};

interface AjvError {
  keyword: string;
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
}

function fieldError(error: AjvError): FieldError | undefined {
  switch (error.keyword) {
    case 'required':
      return { path: `${error.instancePath}/${String(error.params.missingProperty)}`, message: 'is required' };
    case 'additionalProperties': {
      const field = String(error.params.additionalProperty);
      return { path: `${error.instancePath}/${field}`, message: READ_ONLY.has(field) ? 'is read-only' : 'is not a known field' };
    }
    case 'format':
      return { path: error.instancePath, message: formatMessage(String(error.params.format)) };
    case 'pattern':
      return { path: error.instancePath, message: 'has characters or a form that is not allowed' };
    case 'enum':
      return { path: error.instancePath, message: `must be one of: ${(error.params.allowedValues as unknown[]).join(', ')}` };
    case 'type':
      return { path: error.instancePath, message: `must be ${String(error.params.type).replace(',', ' or ')}` };
    default:
      return { path: error.instancePath, message: error.message ?? 'is invalid' };
  }
}

function formatMessage(format: string): string {
  switch (format) {
    case 'email':
      return 'must be a valid email address';
    case 'date-time':
      return 'must be an ISO 8601 date-time with a zone, e.g. 2026-11-24T08:15:00Z (years 1900–9999)';
    case 'date-or-date-time':
      return 'must be a date (2026-11-24) or an ISO 8601 date-time with a zone';
    case 'money':
      return 'must have at most 2 decimals';
    case 'quantity':
      return 'must have at most 3 decimals';
    case 'time-zone':
      return 'must be a time zone name, e.g. Asia/Jakarta, Asia/Makassar, Asia/Jayapura';
    case 'model-year':
      return `must be a year from 1900 to ${new Date().getUTCFullYear() + 1}`;
    default:
      return `must match format ${format}`;
  }
}

/** Ajv's errors as the fields at fault, each once. */
export function fieldErrors(validation: readonly unknown[]): FieldError[] {
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  for (const item of validation as AjvError[]) {
    const field = fieldError(item);
    if (!field) continue;
    const key = `${field.path} ${field.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    errors.push({ path: field.path || '/', message: field.message });
  }
  return errors;
}

function validationProblem(error: FastifyError): HttpProblem {
  const errors = fieldErrors(error.validation ?? []);
  return new HttpProblem(400, PARTS[error.validationContext ?? 'body'] ?? 'The request is invalid', { code: 'validation', errors });
}

/** Fastify's own 4xx errors (parsing, media type, size) as problems, with their safe messages. */
function frameworkProblem(error: FastifyError, bodyLimit = 1024 * 1024): HttpProblem | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new HttpProblem(415, 'Send the request body as application/json', { code: 'unsupported_media_type' });
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new HttpProblem(413, `The request body is larger than ${bodyLimit / 1024 / 1024} MiB`, { code: 'too_large' });
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new HttpProblem(400, 'The request body is empty; send a JSON object', { code: 'malformed' });
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new HttpProblem(400, 'The request body is not valid JSON', { code: 'malformed' });
  }
  if (error instanceof SyntaxError || error.statusCode === 400) {
    // JSON.parse and secure-json-parse (prototype poisoning) errors: the body is not usable JSON.
    return new HttpProblem(400, 'The request body is not valid JSON', { code: 'malformed' });
  }
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    return new HttpProblem(error.statusCode, error.message);
  }
  return undefined;
}

/**
 * Errors the router raises before any route or hook runs (a path segment longer than
 * maxParamLength, a URL that is not valid percent-encoding); Fastify's `frameworkErrors` option.
 */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const problem =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? new HttpProblem(414, 'A part of the path is too long', { code: 'uri_too_long' })
      : error.code === 'FST_ERR_BAD_URL'
        ? new HttpProblem(400, 'The path is not a valid URL', { code: 'bad_url' })
        : new HttpProblem(500, 'Something went wrong on our side; it has been logged', { code: 'internal' });
  sendProblem(reply, problem);
}

/** Sets status and headers for a problem and returns the body to send. */
export function preparedProblem(reply: FastifyReply, problem: HttpProblem) {
  if (problem.options.retryAfter !== undefined) reply.header('retry-after', String(problem.options.retryAfter));
  reply.code(problem.status).type('application/problem+json');
  return problem.body();
}

export function sendProblem(reply: FastifyReply, problem: HttpProblem): FastifyReply {
  return reply.send(preparedProblem(reply, problem));
}

export const problems = fp(
  async (app: FastifyInstance) => {
    const constraints: ConstraintTable = {};
    app.decorate('describeConstraints', (table: ConstraintTable) => {
      for (const [name, meaning] of Object.entries(table)) constraints[name] = { ...constraints[name], ...meaning };
    });

    const problemOf = (error: unknown, bodyLimit?: number): HttpProblem | undefined => {
      if (error instanceof HttpProblem) return error;
      if (error instanceof Refused) return refusalProblem(error, constraints);
      if (error instanceof DatabaseBusy) return overloaded();
      if (error instanceof DatabaseUnavailable) return databaseUnavailable();
      if (!(error instanceof Error)) return undefined;
      const framework = error as FastifyError;
      return framework.validation ? validationProblem(framework) : frameworkProblem(framework, bodyLimit);
    };
    app.decorate('problemOf', (error: unknown) => problemOf(error));

    app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      let problem = problemOf(error, request.routeOptions.bodyLimit);

      if (!problem) {
        request.log.error({ err: error }, 'request failed');
        problem = new HttpProblem(500, 'Something went wrong on our side; it has been logged', { code: 'internal' });
      } else if (problem.status === 503) {
        request.log.warn({ err: error }, problem.detail);
      }
      return sendProblem(reply, problem);
    });

    app.setNotFoundHandler((request, reply) =>
      sendProblem(reply, new HttpProblem(404, `There is no ${request.method} ${(request.url.split('?')[0] ?? '').slice(0, 200)}`, { code: 'no_route' })),
    );
  },
  { name: 'problems' },
);
