// Every error leaves as application/problem+json (RFC 9457) with the status API.md gives it.
// Clients get a plain sentence and, for validation, the fields at fault; the stack and any SQL
// stay in the log.

import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { HttpProblem, problemFromDatabase, type FieldError } from '../resources/common/problem.ts';

const READ_ONLY = new Set(['id', 'createdAt', 'updatedAt', 'completedAt']);

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
    case 'model-year':
      return `must be a year from 1900 to ${new Date().getUTCFullYear() + 1}`;
    default:
      return `must match format ${format}`;
  }
}

function validationProblem(error: FastifyError): HttpProblem {
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  for (const item of (error.validation ?? []) as AjvError[]) {
    const field = fieldError(item);
    if (!field) continue;
    const key = `${field.path} ${field.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    errors.push({ path: field.path || '/', message: field.message });
  }
  return new HttpProblem(400, PARTS[error.validationContext ?? 'body'] ?? 'The request is invalid', { code: 'validation', errors });
}

/** Fastify's own 4xx errors (parsing, media type, size) as problems, with their safe messages. */
function frameworkProblem(error: FastifyError): HttpProblem | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new HttpProblem(415, 'Send the request body as application/json', { code: 'unsupported_media_type' });
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new HttpProblem(413, 'The request body is larger than 1 MiB', { code: 'too_large' });
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
    app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      let problem: HttpProblem | undefined;
      if (error instanceof HttpProblem) problem = error;
      else if (error.validation) problem = validationProblem(error);
      else problem = problemFromDatabase(error) ?? frameworkProblem(error);

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
