// The HTTP face every collection shares: list, create, get, replace, patch, delete, and nested
// lists under a parent (`/api/customers/:id/vehicles`). Handlers only translate HTTP to a
// repository call; the error handler turns what a repository throws into problem+json.

import type { FastifyInstance, FastifyRequest, preValidationHookHandler } from 'fastify';
import type { TObject, TSchema } from 'typebox';
import { HttpProblem, notFound, type FieldError } from './problem.ts';
import type { CollectionRepository } from './repository.ts';
import { IdParams, Page, Problem, type ListQuery } from './schemas.ts';

// The repositories differ in their row types; routes only pass values through.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyRepository = CollectionRepository<any, { id: number }, any>;

export interface CollectionSpec {
  /** Path segment and table: `customers`. */
  name: string;
  /** For messages and the OpenAPI tag: `Customer`. */
  title: string;
  item: TSchema;
  bodies: { create: TObject; replace: TObject; patch: TObject };
  query: TObject;
  repository: AnyRepository;
  /** Per-field clean-up applied after trimming, e.g. upper-casing a plate number. */
  normalize?: Record<string, (text: string) => string>;
}

const problems = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((status) => [status, { ...Problem, description: `problem+json (${status})` }]));

/**
 * Trims every string in a body (lengths are checked after trimming), applies the resource's
 * normalisers, and stores an optional string sent as "" as null, all before validation.
 */
function normalizeBody(schema: TObject, normalize: Record<string, (text: string) => string> = {}): preValidationHookHandler {
  const nullable = new Set(
    Object.entries(schema.properties)
      .filter(([, field]) => Array.isArray((field as { type?: unknown }).type) && ((field as { type: string[] }).type).includes('null'))
      .map(([key]) => key),
  );
  return async (request: FastifyRequest) => {
    const body = request.body as Record<string, unknown> | null;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return;
    const errors: FieldError[] = [];
    for (const [key, value] of Object.entries(body)) {
      if (typeof value !== 'string') continue;
      if (value.includes('\u0000')) errors.push({ path: `/${key}`, message: 'must not contain NUL characters' });
      const clean = Object.hasOwn(normalize, key) ? normalize[key]! : String;
      const text = clean(value.trim());
      body[key] = text === '' && nullable.has(key) ? null : text;
    }
    if (errors.length > 0) throw new HttpProblem(400, 'The request body is invalid', { code: 'validation', errors });
  };
}

export function registerCollection(app: FastifyInstance, spec: CollectionSpec): void {
  const { name, title, item, bodies, query, repository } = spec;
  const tags = [title];
  const base = `/api/${name}`;
  const one = `${base}/:id`;
  type IdRequest = FastifyRequest<{ Params: { id: number } }>;

  app.get(base, {
    schema: { tags, summary: `List ${name}`, querystring: query, response: { 200: Page(item), ...problems(400, 503) } },
    handler: (request) => repository.list(request.query as ListQuery),
  });

  app.post(base, {
    schema: { tags, summary: `Create a ${title.toLowerCase()}`, body: bodies.create, response: { 201: item, ...problems(400, 409, 413, 415, 422, 503) } },
    preValidation: normalizeBody(bodies.create, spec.normalize),
    handler: async (request, reply) => {
      const created = await repository.create(request.body);
      return reply.code(201).header('location', `${base}/${created.id}`).send(created);
    },
  });

  app.get(one, {
    schema: { tags, summary: `Get a ${title.toLowerCase()}`, params: IdParams, response: { 200: item, ...problems(400, 404, 503) } },
    handler: async (request: IdRequest) => (await repository.get(request.params.id)) ?? Promise.reject(notFound(title)),
  });

  app.put(one, {
    schema: { tags, summary: `Replace a ${title.toLowerCase()}`, params: IdParams, body: bodies.replace, response: { 200: item, ...problems(400, 404, 409, 413, 415, 422, 503) } },
    preValidation: normalizeBody(bodies.replace, spec.normalize),
    handler: async (request: IdRequest) =>
      (await repository.replace(request.params.id, request.body as Record<string, unknown>)) ?? Promise.reject(notFound(title)),
  });

  app.patch(one, {
    schema: { tags, summary: `Update some fields of a ${title.toLowerCase()}`, params: IdParams, body: bodies.patch, response: { 200: item, ...problems(400, 404, 409, 413, 415, 422, 503) } },
    preValidation: normalizeBody(bodies.patch, spec.normalize),
    handler: async (request: IdRequest) =>
      (await repository.update(request.params.id, request.body as Record<string, unknown>)) ?? Promise.reject(notFound(title)),
  });

  app.delete(one, {
    schema: { tags, summary: `Delete a ${title.toLowerCase()}`, params: IdParams, response: { 204: { type: 'null', description: 'deleted' }, ...problems(400, 404, 409, 503) } },
    handler: async (request: IdRequest, reply) => {
      if (!(await repository.remove(request.params.id))) throw notFound(title);
      return reply.code(204).send();
    },
  });
}

export interface NestedListSpec {
  parent: { name: string; title: string; repository: AnyRepository };
  child: { name: string; item: TSchema; repository: AnyRepository };
  /** The child's list-query field that names the parent, e.g. `customerId`. */
  key: string;
  query: TObject;
}

/** `GET /api/{parent}/:id/{child}`: the child's list filtered to one parent; 404 if it does not exist. */
export function registerNestedList(app: FastifyInstance, spec: NestedListSpec): void {
  const { parent, child, key, query } = spec;
  app.get(`/api/${parent.name}/:id/${child.name}`, {
    schema: {
      tags: [parent.title],
      summary: `List the ${child.name} of a ${parent.title.toLowerCase()}`,
      params: IdParams,
      querystring: query,
      response: { 200: Page(child.item), ...problems(400, 404, 503) },
    },
    handler: async (request: FastifyRequest<{ Params: { id: number } }>) => {
      const id = request.params.id;
      const page = await child.repository.list({ ...(request.query as ListQuery), [key]: id } as ListQuery);
      // Only an empty page needs the extra look-up that tells "no children" from "no parent".
      if (page.total === 0 && !(await parent.repository.exists(id))) throw notFound(parent.title);
      return page;
    },
  });
}
