// /api/users for owners (API.md v2): the workshop's staff, each with a role. The last active
// owner cannot be demoted, deactivated or deleted (PostgreSQL refuses it, migration 0008: 409).
// A deactivated user's sessions and tokens stop working at once (accounts/sessions.ts, tokens.ts).

import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { notFound } from '../../http/problem.ts';
import { OWNERS } from '../../plugins/auth.ts';
import { problems } from '../common/routes.ts';
import { IdParams, Page } from '../common/schemas.ts';
import { Password, Role, User } from './schemas.ts';

const fields = {
  name: Type.String({ minLength: 1, maxLength: 120 }),
  email: Type.String({ format: 'email', maxLength: 254 }),
  role: Role,
};
export const NewUser = Type.Object({ ...fields, password: Password }, { additionalProperties: false });
export const UserChanges = Type.Object(
  { name: Type.Optional(fields.name), email: Type.Optional(fields.email), role: Type.Optional(Role), active: Type.Optional(Type.Boolean()), password: Type.Optional(Password) },
  { additionalProperties: false, minProperties: 1 },
);
export type NewUserInput = Static<typeof NewUser>;
export type UserChangesInput = Static<typeof UserChanges>;

export function registerUserRoutes(app: FastifyInstance): void {
  const tags = ['Accounts'];
  const one = '/api/users/:id';

  app.get('/api/users', {
    schema: { operationId: 'listUsers', tags, summary: 'List users', description: 'Owners only.', response: { 200: Page(User), ...problems(401, 403, 503) } },
    config: { access: OWNERS },
    handler: async () => {
      const items = await app.users.list();
      return { items, total: items.length, limit: items.length, offset: 0 };
    },
  });

  app.post<{ Body: NewUserInput }>('/api/users', {
    schema: {
      operationId: 'createUser',
      tags,
      summary: 'Add a user',
      description: 'Owners only. The password is stored only as a slow salted hash.',
      body: NewUser,
      response: { 201: User, ...problems(400, 401, 403, 409, 413, 415, 503) },
    },
    config: { access: OWNERS, writes: ['users'] },
    handler: async (request, reply) => {
      const created = await app.users.create(request.body);
      return reply.code(201).header('location', `/api/users/${created.id}`).send(created);
    },
  });

  app.get<{ Params: { id: number } }>(one, {
    schema: { operationId: 'getUser', tags, summary: 'Get a user', description: 'Owners only.', params: IdParams, response: { 200: User, ...problems(400, 401, 403, 404, 503) } },
    config: { access: OWNERS },
    handler: async (request) => (await app.users.get(request.params.id)) ?? Promise.reject(notFound('User')),
  });

  app.patch<{ Params: { id: number }; Body: UserChangesInput }>(one, {
    schema: {
      operationId: 'updateUser',
      tags,
      summary: 'Change a user',
      description: 'Owners only: name, email, role, active, password. `409` for a change that would leave no active owner.',
      params: IdParams,
      body: UserChanges,
      response: { 200: User, ...problems(400, 401, 403, 404, 409, 413, 415, 503) },
    },
    config: { access: OWNERS, writes: ['users'] },
    handler: async (request) => (await app.users.update(request.params.id, request.body)) ?? Promise.reject(notFound('User')),
  });

  app.delete<{ Params: { id: number } }>(one, {
    schema: {
      operationId: 'deleteUser',
      tags,
      summary: 'Remove a user',
      description: 'Owners only. `409` for the last active owner.',
      params: IdParams,
      response: { 204: Type.Null(), ...problems(400, 401, 403, 404, 409, 503) },
    },
    config: { access: OWNERS, writes: ['users'] },
    handler: async (request, reply) => {
      if (!(await app.users.remove(request.params.id))) throw notFound('User');
      return reply.code(204).send();
    },
  });
}
