// API tokens (API.md v2), for owners: made with a role and an optional expiry, shown once, listed
// without their secret, revoked by deleting them.

import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Type, type Static } from 'typebox';
import { HttpProblem, notFound } from '../../http/problem.ts';
import { OWNERS } from '../../plugins/auth.ts';
import { problems } from '../common/routes.ts';
import { Id, IdParams, nullable, Page, Timestamp } from '../common/schemas.ts';
import { Role } from '../users/schemas.ts';

const Token = Type.Object({
  id: Id,
  name: Type.String({ minLength: 1, maxLength: 120 }),
  role: Role,
  expiresAt: nullable(Timestamp),
  lastUsedAt: nullable(Timestamp),
  createdBy: nullable(Id),
  createdAt: Timestamp,
});
const NewToken = Type.Object({
  id: Id,
  name: Type.String(),
  role: Role,
  expiresAt: nullable(Timestamp),
  token: Type.String({ description: 'the secret: shown only in this answer; send it as `Authorization: Bearer <token>`' }),
});
const TokenBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 120, examples: ['load tests'] }),
    role: Role,
    expiresAt: Type.Optional(Type.String({ format: 'date-time', description: 'when it stops working; in the future' })),
  },
  { additionalProperties: false },
);

export default fp(
  async (app: FastifyInstance) => {
    const tags = ['Accounts'];
  
    app.post<{ Body: Static<typeof TokenBody> }>('/api/tokens', {
      schema: {
        operationId: 'createToken',
        tags,
        summary: 'Make an API token',
        description: 'Owners only. The token is in this answer and nowhere else; only its digest is stored.',
        body: TokenBody,
        response: { 201: NewToken, ...problems(400, 401, 403, 413, 415, 503) },
      },
      // A new token works at once, also where reads go to a replica.
      config: { access: OWNERS, writes: ['api_tokens'] },
      handler: async (request, reply) => {
        const { name, role, expiresAt } = request.body;
        const expires = expiresAt === undefined ? undefined : new Date(expiresAt);
        if (expires && expires.getTime() <= Date.now()) {
          throw new HttpProblem(400, 'The request body is invalid', { code: 'validation', errors: [{ path: '/expiresAt', message: 'must be in the future' }] });
        }
        // A token made with a session is its user's; one made with an owner token, that token's maker's.
        const createdBy = request.user?.id ?? request.token!.createdBy;
        const created = await app.tokens.create({ name, role, expiresAt: expires, createdBy });
        return reply.code(201).send(created);
      },
    });

    app.get('/api/tokens', {
      schema: {
        operationId: 'listTokens',
        tags,
        summary: 'List API tokens',
        description: 'Owners only; never the tokens themselves.',
        response: { 200: Page(Token), ...problems(401, 403, 503) },
      },
      config: { access: OWNERS },
      handler: async () => {
        const items = await app.tokens.list();
        return { items, total: items.length, limit: items.length, offset: 0 };
      },
    });

    app.delete<{ Params: { id: number } }>('/api/tokens/:id', {
      schema: {
        operationId: 'revokeToken',
        tags,
        summary: 'Revoke an API token',
        description: 'Owners only. It stops working at once, in every API process.',
        params: IdParams,
        response: { 204: Type.Null(), ...problems(400, 401, 403, 404, 503) },
      },
      config: { access: OWNERS, writes: ['api_tokens'] },
      handler: async (request, reply) => {
        if (!(await app.tokens.revoke(request.params.id))) throw notFound('Token');
        return reply.code(204).send();
      },
    });
  },
  { name: 'tokens', dependencies: ['auth', 'problems'] },
);
