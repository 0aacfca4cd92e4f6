// Request validation with Ajv, compiled from the same TypeBox schemas that write the OpenAPI
// document. Bodies are validated as sent: no type coercion, unknown fields rejected (Fastify's
// default would silently drop them). Query strings and path parameters arrive as text, so those
// are coerced to the schema's types and given their defaults.

import { Ajv, type Options, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

function validDay(year: string, month: string, day: string): boolean {
  const y = Number(year);
  const m = Number(month);
  const d = Number(day);
  if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** An ISO 8601 date-time with a zone offset, years 1900–9999 (what JS and PostgreSQL agree on). */
export function isDateTime(value: string): boolean {
  const m = DATE_TIME.exec(value);
  if (!m) return false;
  const [, y, mo, d, h, mi, s, oh, om] = m as unknown as string[];
  if (!validDay(y!, mo!, d!)) return false;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s ?? 0) > 59) return false;
  if (oh !== undefined && (Number(oh) > 23 || Number(om) > 59)) return false;
  return !Number.isNaN(Date.parse(value));
}

export function isDate(value: string): boolean {
  const m = DATE.exec(value);
  return m !== null && validDay(m[1]!, m[2]!, m[3]!);
}

/**
 * Money has at most two decimals (numeric(12,2)), judged on the number as sent: JavaScript
 * writes a double as the shortest text that reads back as it, so a client's `0.1 + 0.2`
 * (0.30000000000000004) is refused rather than quietly stored as 0.3.
 */
export function isMoney(value: number): boolean {
  return Number.isFinite(value) && /^-?\d+(\.\d{1,2})?$/.test(String(value));
}

/** A quantity of a line: above 0 (the schema says), at most 3 decimals (hours to the minute and a bit). */
export function isQuantity(value: number): boolean {
  return Number.isFinite(value) && /^\d+(\.\d{1,3})?$/.test(String(value));
}

/** An IANA time zone name the runtime knows (`Asia/Jakarta`); PostgreSQL checks it knows it too. */
export function isTimeZone(value: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/.test(value)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** A vehicle's model year: 1900 up to next calendar year, judged on the day of the request. */
function isModelYear(value: number): boolean {
  return Number.isInteger(value) && value >= 1900 && value <= new Date().getUTCFullYear() + 1;
}

function createAjv(options: Options): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true, removeAdditional: false, ...options });
  addFormats(ajv, ['email']);
  ajv.addFormat('date-time', { type: 'string', validate: isDateTime });
  ajv.addFormat('date', { type: 'string', validate: isDate });
  ajv.addFormat('date-or-date-time', { type: 'string', validate: (v: string) => isDate(v) || isDateTime(v) });
  ajv.addFormat('money', { type: 'number', validate: isMoney });
  ajv.addFormat('quantity', { type: 'number', validate: isQuantity });
  ajv.addFormat('model-year', { type: 'number', validate: isModelYear });
  ajv.addFormat('time-zone', { type: 'string', validate: isTimeZone });
  return ajv;
}

const WHOLE_NUMBER = /^-?\d{1,16}$/;

/**
 * Query strings and path parameters arrive as text. Only plain decimal integers become numbers
 * (Ajv's own coercion would also take "1e3", " 7" or "0x10" as numbers), and only `true` and
 * `false` booleans; anything else stays text and fails the schema's type check with a clear message.
 */
function textValidator(ajv: Ajv, schema: { properties?: Record<string, { type?: unknown }> }) {
  const validate = ajv.compile(schema);
  const numeric = Object.entries(schema.properties ?? {})
    .filter(([, field]) => field.type === 'integer' || field.type === 'number')
    .map(([key]) => key);
  const flags = Object.entries(schema.properties ?? {})
    .filter(([, field]) => field.type === 'boolean')
    .map(([key]) => key);
  const check = (data: Record<string, unknown>) => {
    for (const key of numeric) {
      const value = data[key];
      if (typeof value === 'string' && WHOLE_NUMBER.test(value)) data[key] = Number(value);
    }
    // Only the words themselves: "1", "yes" or "" stay text and are refused.
    for (const key of flags) if (data[key] === 'true' || data[key] === 'false') data[key] = data[key] === 'true';
    const valid = validate(data);
    check.errors = validate.errors;
    return valid;
  };
  check.errors = validate.errors;
  return check;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** A validator for data checked as a request body is (an imported CSV row, say). */
    bodyValidator(schema: object): ValidateFunction;
  }
}

export const validation = fp(
  async (app: FastifyInstance) => {
    const body = createAjv({ coerceTypes: false, useDefaults: false });
    app.decorate('bodyValidator', (schema: object) => body.compile(schema));
    const text = createAjv({ coerceTypes: false, useDefaults: true });
    // Bodies are JSON only: without Fastify's text/plain parser, anything else is 415.
    app.removeContentTypeParser('text/plain');
    // Some clients label a body-less DELETE as JSON; that is not a malformed body.
    const json = app.getDefaultJsonParser('error', 'error');
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) =>
      body === '' && request.method === 'DELETE' ? done(null, undefined) : json(request, body as string, done),
    );
    app.setValidatorCompiler(({ schema, httpPart }) =>
      httpPart === 'body' ? body.compile(schema) : textValidator(text, schema as Parameters<typeof textValidator>[1]),
    );
  },
  { name: 'validation' },
);
