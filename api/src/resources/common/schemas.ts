// TypeBox building blocks the resources share: ids, timestamps, money, nullable fields, the page
// shape, the list query (whose sort fields are the item's own fields), problem+json, and the
// trio of bodies (create, replace, patch) derived from one field list so that a rule is written
// once.

import { Type, type Static, type TObject, type TProperties, type TSchema } from 'typebox';
import type { FieldError as FieldProblem } from '../../http/problem.ts';

export const MAX_ID = 2_147_483_647;

export const Id = Type.Integer({ minimum: 1, maximum: MAX_ID });
export const IdParams = Type.Object({ id: Id }, { additionalProperties: false });
/**
 * A timestamp as the API answers it. Rows carry a Date, which the serializer writes as ISO 8601
 * in UTC; the type says so, so that a handler may return a row as it comes from the database.
 */
export const Timestamp = Type.Unsafe<string | Date>({ type: 'string', format: 'date-time', description: 'ISO 8601, UTC' });

export const MAX_MONEY = 9_999_999_999.99;

/** An amount of money: exact to the cent (a third decimal is refused, never rounded away). */
export const Money = (description = 'at most 2 decimals', options: { default?: number } = {}) =>
  Type.Number({ format: 'money', minimum: 0, maximum: MAX_MONEY, description, ...options });

/** A value that may also be null: `type: [T, "null"]`, which gives one clear error message. */
export function nullable<T extends TSchema>(schema: T) {
  const plain = schema as unknown as { type: string };
  return Type.Unsafe<Static<T> | null>({ ...schema, type: [plain.type, 'null'] });
}

export const FieldError = Type.Object({
  path: Type.String({ description: 'JSON Pointer to the field, e.g. /email' }),
  message: Type.String(),
});

export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.Optional(Type.String({ description: 'machine-readable reason, e.g. duplicate, has_dependants' })),
    errors: Type.Optional(Type.Array(FieldError)),
  },
  { description: 'RFC 9457 problem details (application/problem+json)' },
);

export function Page<T extends TSchema>(item: T) {
  return Type.Object({
    items: Type.Array(item),
    total: Type.Integer({ minimum: 0, description: 'all matches, not just this page' }),
    limit: Type.Integer(),
    offset: Type.Integer(),
  });
}

export const DEFAULT_LIMIT = 50;
export const DEFAULT_SORT = '-createdAt';

export interface ListQuery {
  limit?: number;
  offset?: number;
  q?: string;
  sort?: string;
}

/** The fields of an item a list may be sorted on: all of them (API.md). */
export const sortFields = (item: TObject): string[] => Object.keys(item.properties);

/**
 * The list query: paging, `q`, `sort` over every field of the item, and the resource's own
 * filters. Paging and sort are optional with defaults (the validator fills them in).
 */
export function ListQuerySchema<F extends TProperties>(item: TObject, filters: F) {
  return Type.Object(
    {
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: DEFAULT_LIMIT, description: 'items per page' })),
      offset: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_ID, default: 0, description: 'items to skip' })),
      q: Type.Optional(Type.String({ maxLength: 200, description: 'case-insensitive text search' })),
      sort: Type.Optional(
        Type.Unsafe<string>({
          type: 'string',
          enum: sortFields(item).flatMap((field) => [field, `-${field}`]),
          default: DEFAULT_SORT,
          description: 'a field name; a leading - sorts descending',
        }),
      ),
      ...filters,
    },
    { additionalProperties: false },
  );
}

type Optionals<O extends TProperties> = { [K in keyof O]: ReturnType<typeof Type.Optional<O[K]>> };

/**
 * The bodies of one resource from its fields: `create` and `replace` require `required` and
 * accept `optional` (`onCreate` may narrow some of them for creation); `patch` accepts any of
 * them. Unknown and read-only fields are rejected. `replaceDefaults` is what a PUT stores for an
 * omitted optional field: its `default`, else null if it is nullable; a field with neither (a
 * service's status) keeps its current value.
 */
export function Bodies<R extends TProperties, O extends TProperties>(required: R, optional: O, onCreate: Partial<O> = {}) {
  const optionals = (fields: TProperties) =>
    Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, Type.Optional(v)])) as Optionals<O>;
  const replace = Type.Object({ ...required, ...optionals(optional) }, { additionalProperties: false });
  const create = Type.Object({ ...required, ...optionals({ ...optional, ...onCreate }) }, { additionalProperties: false });
  const patch = Type.Object(Type.Partial(replace).properties, { additionalProperties: false });
  const replaceDefaults: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(optional) as [string, { default?: unknown; type?: unknown }][]) {
    if ('default' in field) replaceDefaults[key] = field.default;
    else if (Array.isArray(field.type) && field.type.includes('null')) replaceDefaults[key] = null;
  }
  return { create, replace, patch, replaceDefaults };
}

/** The item as the API answers it: id, every field (null when unset), timestamps. */
export function Item<P extends TProperties>(fields: P) {
  return Type.Object({ id: Id, ...fields, createdAt: Timestamp, updatedAt: Timestamp });
}

/** A `from` or `to` filter: a date, or a date and time. */
export const dayOrTime = (description: string) =>
  Type.Optional(Type.String({ format: 'date-or-date-time', description: `${description}; a date alone means that whole day (UTC)` }));

const DAY_MS = 86_400_000;
const isDay = (value: string) => value.length === 10;

/** The period a `from`/`to` pair names: `to` is inclusive, a day meaning up to the next midnight. */
export function period(query: { from?: string; to?: string }) {
  const from = query.from === undefined ? undefined : new Date(isDay(query.from) ? `${query.from}T00:00:00Z` : query.from);
  const toDay = query.to !== undefined && isDay(query.to);
  const to = query.to === undefined ? undefined : new Date(toDay ? Date.parse(`${query.to}T00:00:00Z`) + DAY_MS : query.to);
  return { from, to, toDay };
}

/** `from` after `to` is a question with no answer: 400, not an empty page. */
export function checkPeriod(query: { from?: string; to?: string }): FieldProblem[] {
  const { from, to, toDay } = period(query);
  return from && to && from.getTime() > to.getTime() - (toDay ? 1 : 0) ? [{ path: '/from', message: 'must not be after to' }] : [];
}
