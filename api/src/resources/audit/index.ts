// The audit log for owners (API.md v2): who changed what, when, from where. Entries are written
// by the database in the same transaction as each change (migration 0007) and by sign-ins; no
// route edits or deletes one, and the database refuses to.

import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Type, type Static } from 'typebox';
import { invalidQuery } from '../../http/problem.ts';
import { OWNERS } from '../../plugins/auth.ts';
import { problems } from '../common/routes.ts';
import { checkPeriod, dayOrTime, Id, MAX_ID, nullable, Page, Timestamp } from '../common/schemas.ts';
import { AuditRepository } from './repository.ts';

export const AUDITED_ENTITIES = ['customer', 'vehicle', 'service', 'line', 'invoice', 'payment', 'reminder', 'user', 'token', 'settings'] as const;
export const AUDIT_ACTIONS = ['insert', 'update', 'delete', 'status', 'login', 'login_failed'] as const;

const AuditEntry = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  at: Timestamp,
  actor: Type.Object({
    type: Type.String({ enum: ['user', 'token', 'system'], description: 'system: a change made outside any request (a migration, the first run)' }),
    id: nullable(Type.Integer()),
    name: nullable(Type.String()),
  }),
  action: Type.String({ enum: [...AUDIT_ACTIONS] }),
  entity: Type.String({ enum: [...AUDITED_ENTITIES] }),
  entityId: nullable(Type.Integer()),
  changes: Type.Record(Type.String(), Type.Array(Type.Unknown(), { minItems: 2, maxItems: 2 }), { description: 'field: [before, after]; secrets as "[hidden]"' }),
  requestId: nullable(Type.String()),
  ip: nullable(Type.String()),
});

const AuditQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_ID, default: 0 })),
    entity: Type.Optional(Type.String({ enum: [...AUDITED_ENTITIES] })),
    entityId: Type.Optional(Id),
    actorType: Type.Optional(Type.String({ enum: ['user', 'token', 'system'] })),
    actorId: Type.Optional(Id),
    action: Type.Optional(Type.String({ enum: [...AUDIT_ACTIONS] })),
    from: dayOrTime('at or after'),
    to: dayOrTime('at or before'),
  },
  { additionalProperties: false },
);

export default fp(
  async (app: FastifyInstance) => {
    const audit = new AuditRepository(app.database);
    app.get<{ Querystring: Static<typeof AuditQuery> }>('/api/audit', {
      schema: {
        operationId: 'listAuditEntries',
        tags: ['Accounts'],
        summary: 'Read the audit log',
        description: 'Owners only. Newest first; filter by record (`entity`, `entityId`), person or token (`actorType`, `actorId`), `action`, and time (`from`, `to`).',
        querystring: AuditQuery,
        response: { 200: Page(AuditEntry), ...problems(400, 401, 403, 503) },
      },
      config: { access: OWNERS },
      handler: async (request) => {
        const errors = checkPeriod(request.query);
        if (errors.length > 0) throw invalidQuery(errors);
        return audit.list(request.query as never);
      },
    });
  },
  { name: 'audit', dependencies: ['database', 'auth'] },
);
