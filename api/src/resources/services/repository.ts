import { eq, gte, inArray, lt, lte, or, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { services, type ServiceStatus } from '../../db/schema.ts';
import { HttpProblem } from '../common/problem.ts';
import { CollectionRepository, type Filter } from '../common/repository.ts';
import type { ListQuery } from '../common/schemas.ts';
import { ServiceBodies } from './schemas.ts';

type Row = typeof services.$inferSelect;

interface ServiceQuery extends ListQuery {
  vehicleId?: number;
  status?: ServiceStatus;
  from?: string;
  to?: string;
}

/** The statuses a service may come from to reach each status. */
const MOVES_INTO: Record<ServiceStatus, ServiceStatus[]> = {
  scheduled: [],
  in_progress: ['scheduled'],
  completed: ['in_progress'],
  cancelled: ['scheduled', 'in_progress'],
};

const isDay = (value: string) => value.length === 10;
const DAY_MS = 86_400_000;

export class ServiceRepository extends CollectionRepository<typeof services> {
  constructor(database: Database) {
    super(database, {
      name: 'services',
      table: services,
      search: [services.description, services.mechanic],
      sort: {
        id: services.id,
        scheduledAt: services.scheduledAt,
        completedAt: services.completedAt,
        status: services.status,
        cost: services.cost,
        createdAt: services.createdAt,
        updatedAt: services.updatedAt,
      },
      replaceDefaults: ServiceBodies.replaceDefaults,
    });
  }

  protected override filters(query: ServiceQuery): Filter[] {
    const from = query.from === undefined ? undefined : new Date(isDay(query.from) ? `${query.from}T00:00:00Z` : query.from);
    // `to` is inclusive: a day means up to (not including) the next midnight.
    const toDay = query.to !== undefined && isDay(query.to);
    const to = query.to === undefined ? undefined : new Date(toDay ? Date.parse(`${query.to}T00:00:00Z`) + DAY_MS : query.to);
    if (from && to && from.getTime() > to.getTime() - (toDay ? 1 : 0)) {
      throw new HttpProblem(400, 'The query string is invalid', {
        code: 'validation',
        errors: [{ path: '/from', message: 'must not be after to' }],
      });
    }
    const filters: Filter[] = [];
    if (query.vehicleId !== undefined) filters.push({ key: 'vehicleId', value: query.vehicleId, where: (v) => eq(services.vehicleId, v) });
    if (query.status !== undefined) filters.push({ key: 'status', value: query.status, where: (v) => eq(services.status, v) });
    if (from) filters.push({ key: 'from', value: from, where: (v) => gte(services.scheduledAt, v) });
    if (to) filters.push({ key: toDay ? 'toDay' : 'toTime', value: to, where: (v) => (toDay ? lt(services.scheduledAt, v) : lte(services.scheduledAt, v)) });
    return filters;
  }

  override create(values: typeof services.$inferInsert): Promise<Row> {
    return super.create(toColumns(values));
  }

  /**
   * A status change is made only if it is a legal move (or no move at all), checked in the
   * UPDATE itself; `completedAt` follows the status.
   */
  override async update(id: number, values: Partial<typeof services.$inferInsert> | Record<string, unknown>): Promise<Row | undefined> {
    const status = values.status as ServiceStatus | undefined;
    if (status === undefined) return super.update(id, toColumns(values));
    const guard = or(eq(services.status, status), inArray(services.status, MOVES_INTO[status]));
    const completedAt = status === 'completed' ? sql`coalesce(${services.completedAt}, now())` : null;
    const updated = await super.update(id, { ...toColumns(values), completedAt }, guard);
    if (updated) return updated;
    const current = await this.get(id);
    if (!current) return undefined;
    const message = `cannot move from ${current.status} to ${status}`;
    throw new HttpProblem(409, `A service that is ${current.status} ${message.replace(/ from \w+/, '')}`, {
      code: 'illegal_status_move',
      errors: [{ path: '/status', message }],
    });
  }
}

/** The API sends scheduledAt as ISO text; the column takes a Date. */
function toColumns<T extends { scheduledAt?: unknown }>(values: T): T {
  return typeof values.scheduledAt === 'string' ? { ...values, scheduledAt: new Date(values.scheduledAt) } : values;
}
