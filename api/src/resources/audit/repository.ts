import { and, count, desc, eq, gte, lt, lte, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { auditLog } from '../../db/schema.ts';
import type { Page } from '../common/repository.ts';
import { period } from '../common/schemas.ts';

export interface AuditQuery {
  limit?: number;
  offset?: number;
  entity?: string;
  entityId?: number;
  actorType?: 'user' | 'token' | 'system';
  actorId?: number;
  action?: string;
  from?: string;
  to?: string;
}

export interface AuditEntry {
  id: number;
  at: Date;
  actor: { type: string; id: number | null; name: string | null };
  action: string;
  entity: string;
  entityId: number | null;
  changes: Record<string, [unknown, unknown]>;
  requestId: string | null;
  ip: string | null;
}

/** The audit log as owners read it: newest first; written only by the database's triggers and sign-ins. */
export class AuditRepository {
  constructor(private readonly database: Database) {}

  async list(query: AuditQuery): Promise<Page<AuditEntry>> {
    const { from, to, toDay } = period(query);
    const conditions: (SQL | undefined)[] = [
      query.entity === undefined ? undefined : eq(auditLog.entity, query.entity),
      query.entityId === undefined ? undefined : eq(auditLog.entityId, query.entityId),
      query.actorType === undefined ? undefined : eq(auditLog.actorType, query.actorType),
      query.actorId === undefined ? undefined : eq(auditLog.actorId, query.actorId),
      query.action === undefined ? undefined : eq(auditLog.action, query.action),
      from ? gte(auditLog.at, from) : undefined,
      to ? (toDay ? lt(auditLog.at, to) : lte(auditLog.at, to)) : undefined,
    ];
    const where = and(...conditions);
    const limit = query.limit ?? 50;
    const offset = query.offset ?? 0;
    const [rows, [total]] = await Promise.all([
      this.database.run('select', 'audit_log', (db) =>
        db.select().from(auditLog).where(where).orderBy(desc(auditLog.at), desc(auditLog.id)).limit(limit).offset(offset),
      ),
      this.database.run('select', 'audit_log', (db) => db.select({ total: count() }).from(auditLog).where(where)),
    ]);
    const items = rows.map(({ actorType, actorId, actorName, changes, ...row }) => ({
      ...row,
      actor: { type: actorType, id: actorId, name: actorName },
      // The triggers name columns; the API names fields.
      changes: Object.fromEntries(Object.entries(changes).map(([column, change]) => [column.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase()), change])),
    }));
    return { items, total: total!.total, limit, offset };
  }
}
