// The HTTP face every collection shares: list, create, get, replace, patch, delete, and nested
// lists under a parent (`/api/customers/:id/vehicles`). Handlers only translate HTTP to a
// repository call; the problems plugin turns what a repository throws into problem+json.
//
// Types: a resource's repository is typed by the `Static` of its body and query schemas (see
// customers/schemas.ts), and these routes take their request types from that repository, as
// route generics. TypeScript cannot resolve Fastify's conditional request types over a type
// parameter, so each handler names its own (`request.body as Create`): the same type, not a
// cast to another. Routes written for one resource use the type provider directly.

import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerHookHandler, preValidationHookHandler } from 'fastify';
import type { CacheName } from '../../cache/read-cache.ts';
import type { TObject } from 'typebox';
import type { Role } from '../../db/schema.ts';
import { HttpProblem, invalidQuery, notFound, type FieldError } from '../../http/problem.ts';
import { EVERYONE, STAFF } from '../../plugins/auth.ts';
import type { Page as PageOf } from './repository.ts';
import { IdParams, Page, Problem } from './schemas.ts';

/** What the routes need of a repository; `CollectionRepository` provides it. */
export interface CollectionStore<Row, Create, Replace, Patch, Query> {
  list(query: Query): Promise<PageOf<Row>>;
  get(id: number): Promise<Row | undefined>;
  exists(id: number): Promise<boolean>;
  create(values: Create): Promise<Row & { id: number }>;
  replace(id: number, values: Replace): Promise<Row | undefined>;
  update(id: number, values: Patch): Promise<Row | undefined>;
  remove(id: number): Promise<boolean>;
}

export interface CollectionBodies {
  create: TObject;
  replace: TObject;
  patch: TObject;
}

export interface CollectionSpec<Row, Create, Replace, Patch, Query> {
  /** Path segment: `customers`. */
  name: string;
  /** For messages, operation ids and the OpenAPI tag: `Customer`. */
  title: string;
  item: TObject;
  bodies: CollectionBodies;
  query: TObject;
  repository: CollectionStore<Row, Create, Replace, Patch, Query>;
  /** Per-field clean-up applied after trimming, e.g. writing a plate number in its usual form. */
  normalize?: Record<string, (text: string) => string>;
  /** Checks across query parameters that each passed validation (e.g. `from` after `to`). */
  checkQuery?: (query: NoInfer<Query>) => FieldError[];
  /** The tables its answers are read from (default: its own). */
  reads?: readonly string[];
  /** The tables its writes change (default: its own), the database's triggers' changes included. */
  writes?: readonly string[];
  /**
   * Who may change it with PATCH (default: STAFF, as for its other writes), and what else a
   * PATCH must pass for a role (a mechanic's narrower rights on a service, say).
   */
  patch?: { access: readonly Role[]; check?: preHandlerHookHandler };
}

export const problems = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((status) => [status, { ...Problem, description: `problem+json (${status})` }]));

/** `Customer` → `Customers` for operation ids: listCustomers, getCustomer. */
const plural = (title: string) => (title.endsWith('s') ? title : `${title}s`);

/**
 * Trims every string field (lengths are checked after trimming), applies the resource's
 * normalisers, and stores an optional string sent as "" as null; answers the fields it refuses.
 */
export function cleanFields(schema: TObject, normalize: Record<string, (text: string) => string> = {}): (fields: Record<string, unknown>) => FieldError[] {
  const nullable = new Set(
    Object.entries(schema.properties)
      .filter(([, field]) => Array.isArray((field as { type?: unknown }).type) && (field as { type: string[] }).type.includes('null'))
      .map(([key]) => key),
  );
  return (fields) => {
    const errors: FieldError[] = [];
    for (const [key, value] of Object.entries(fields)) {
      if (typeof value !== 'string') continue;
      if (value.includes('\u0000')) errors.push({ path: `/${key}`, message: 'must not contain NUL characters' });
      const clean = Object.hasOwn(normalize, key) ? normalize[key]! : String;
      const text = clean(value.trim());
      fields[key] = text === '' && nullable.has(key) ? null : text;
    }
    return errors;
  };
}

/** `cleanFields` on a request's body, before validation. */
export function normalizeBody(schema: TObject, normalize: Record<string, (text: string) => string> = {}): preValidationHookHandler {
  const clean = cleanFields(schema, normalize);
  return async (request: FastifyRequest) => {
    const body = request.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return;
    const errors = clean(body as Record<string, unknown>);
    if (errors.length > 0) throw new HttpProblem(400, 'The request body is invalid', { code: 'validation', errors });
  };
}

/**
 * A read answered through the shared cache (and the replicas): the JSON text as cached, or the
 * value for the route's own serialiser. `tables` are those the answer is read from.
 */
export async function cachedRead(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  cache: CacheName,
  tables: readonly string[],
  load: () => Promise<unknown>,
): Promise<unknown> {
  const answer = await app.cache.read({ cache, tables, url: request.url, load, serialize: (value) => String(reply.serialize(value)) });
  if ('value' in answer) return answer.value;
  return reply.type('application/json; charset=utf-8').send(answer.json);
}

export function registerCollection<Row extends { id: number }, Create, Replace, Patch, Query>(
  app: FastifyInstance,
  spec: CollectionSpec<Row, Create, Replace, Patch, Query>,
): void {
  const { name, title, item, bodies, query, repository, checkQuery } = spec;
  type Params = { id: number };
  const tags = [title];
  const base = `/api/${name}`;
  const one = `${base}/:id`;
  const thing = title.toLowerCase();
  const reads = spec.reads ?? [name];
  // Every role reads the workshop's records; the front desk and owners change them.
  const readable = { access: EVERYONE };
  const config = { writes: spec.writes ?? [name], access: STAFF };

  app.get<{ Querystring: Query }>(base, {
    schema: {
      operationId: `list${plural(title)}`,
      tags,
      summary: `List ${name}`,
      description: `A page of ${name} (newest first unless \`sort\` says otherwise), with the total number of matches.`,
      querystring: query,
      response: { 200: Page(item), ...problems(400, 401, 403, 503) },
    },
    config: readable,
    handler: async (request, reply) => {
      const errors = checkQuery?.(request.query as Query) ?? [];
      if (errors.length > 0) throw invalidQuery(errors);
      return cachedRead(app, request, reply, 'list', reads, () => repository.list(request.query as Query));
    },
  });

  app.post<{ Body: Create }>(base, {
    schema: {
      operationId: `create${title}`,
      tags,
      summary: `Create a ${thing}`,
      description: `Stores a new ${thing} and answers it, with its URL in \`Location\`.`,
      body: bodies.create,
      response: { 201: item, ...problems(400, 401, 403, 409, 413, 415, 422, 503) },
    },
    config,
    preValidation: normalizeBody(bodies.create, spec.normalize),
    handler: async (request, reply) => {
      const created = await repository.create(request.body as Create);
      return reply.code(201).header('location', `${base}/${created.id}`).send(created);
    },
  });

  app.get<{ Params: Params }>(one, {
    schema: {
      operationId: `get${title}`,
      tags,
      summary: `Get a ${thing}`,
      description: `One ${thing} by its id.`,
      params: IdParams,
      response: { 200: item, ...problems(400, 401, 403, 404, 503) },
    },
    config: readable,
    handler: (request, reply) =>
      cachedRead(app, request, reply, 'item', reads, async () => (await repository.get(request.params.id)) ?? Promise.reject(notFound(title))),
  });

  app.put<{ Params: Params; Body: Replace }>(one, {
    schema: {
      operationId: `replace${title}`,
      tags,
      summary: `Replace a ${thing}`,
      description: 'Full replacement: required fields are required, and omitted optional fields become null (or their default).',
      params: IdParams,
      body: bodies.replace,
      response: { 200: item, ...problems(400, 401, 403, 404, 409, 413, 415, 422, 503) },
    },
    config,
    preValidation: normalizeBody(bodies.replace, spec.normalize),
    handler: async (request) => (await repository.replace(request.params.id, request.body as Replace)) ?? Promise.reject(notFound(title)),
  });

  app.patch<{ Params: Params; Body: Patch }>(one, {
    schema: {
      operationId: `update${title}`,
      tags,
      summary: `Update some fields of a ${thing}`,
      description: 'Partial update: only the fields sent change.',
      params: IdParams,
      body: bodies.patch,
      response: { 200: item, ...problems(400, 401, 403, 404, 409, 413, 415, 422, 503) },
    },
    config: { ...config, access: spec.patch?.access ?? STAFF },
    preValidation: normalizeBody(bodies.patch, spec.normalize),
    ...(spec.patch?.check ? { preHandler: spec.patch.check } : {}),
    handler: async (request) => (await repository.update(request.params.id, request.body as Patch)) ?? Promise.reject(notFound(title)),
  });

  app.delete<{ Params: Params }>(one, {
    schema: {
      operationId: `delete${title}`,
      tags,
      summary: `Delete a ${thing}`,
      description: `Deletes the ${thing}; refused with 409 while other records depend on it.`,
      params: IdParams,
      response: { 204: { type: 'null', description: 'deleted' }, ...problems(400, 401, 403, 404, 409, 503) },
    },
    config,
    handler: async (request, reply) => {
      if (!(await repository.remove(request.params.id))) throw notFound(title);
      return reply.code(204).send();
    },
  });
}

export interface NestedListSpec<Query, K extends string> {
  parent: { name: string; title: string; repository: { exists(id: number): Promise<boolean> } };
  child: {
    name: string;
    title: string;
    item: TObject;
    repository: { list(query: Query & Record<K, number>): Promise<PageOf<unknown>> };
    /** The tables the child's answers are read from (default: its own). */
    reads?: readonly string[];
  };
  /** The child's list-query field that names the parent, e.g. `customerId`. */
  key: K;
  query: TObject;
  checkQuery?: (query: NoInfer<Query>) => FieldError[];
}

/** `GET /api/{parent}/:id/{child}`: the child's list filtered to one parent; 404 if it does not exist. */
export function registerNestedList<Query extends object, K extends string>(app: FastifyInstance, spec: NestedListSpec<Query, K>): void {
  const { parent, child, key, query, checkQuery } = spec;
  app.get<{ Params: { id: number }; Querystring: Query }>(`/api/${parent.name}/:id/${child.name}`, {
    schema: {
      operationId: `list${parent.title}${plural(child.title)}`,
      tags: [parent.title],
      summary: `List the ${child.name} of a ${parent.title.toLowerCase()}`,
      description: `The same page as \`GET /api/${child.name}\`, limited to one ${parent.title.toLowerCase()}; 404 if it does not exist.`,
      params: IdParams,
      querystring: query,
      response: { 200: Page(child.item), ...problems(400, 401, 403, 404, 503) },
    },
    config: { access: EVERYONE },
    handler: async (request, reply) => {
      const listQuery = request.query as Query;
      const errors = checkQuery?.(listQuery) ?? [];
      if (errors.length > 0) throw invalidQuery(errors);
      const id = request.params.id;
      const reads = [...new Set([...(child.reads ?? [child.name]), parent.name])];
      return cachedRead(app, request, reply, 'list', reads, async () => {
        const page = await child.repository.list({ ...listQuery, [key]: id } as Query & Record<K, number>);
        // Only an empty page needs the extra look-up that tells "no children" from "no parent".
        if (page.total === 0 && !(await parent.repository.exists(id))) throw notFound(parent.title);
        return page;
      });
    },
  });
}
