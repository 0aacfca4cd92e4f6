import { eq, gte, inArray, lt, lte, or, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { Refused } from '../../db/errors.ts';
import { serviceLines, services, type ServiceStatus } from '../../db/schema.ts';
import { CollectionRepository, type Filter } from '../common/repository.ts';
import { period } from '../common/schemas.ts';
import { ServiceBodies, type ServiceCreate, type ServicePatch, type ServiceQuery } from './schemas.ts';

type Row = typeof services.$inferSelect;

/** The statuses a service may come from to reach each status. */
const MOVES_INTO: Record<ServiceStatus, ServiceStatus[]> = {
  scheduled: [],
  in_progress: ['scheduled'],
  completed: ['in_progress'],
  cancelled: ['scheduled', 'in_progress'],
};

export class ServiceRepository extends CollectionRepository<typeof services, ServiceCreate, ServicePatch, ServiceQuery> {
  constructor(database: Database) {
    super(database, {
      name: 'services',
      table: services,
      search: [services.description, services.mechanic],
      caseInsensitive: ['description', 'mechanic'],
      replaceDefaults: ServiceBodies.replaceDefaults,
    });
  }

  protected override filters(query: ServiceQuery): Filter[] {
    const { from, to, toDay } = period(query);
    const filters: Filter[] = [];
    if (query.vehicleId !== undefined) filters.push({ key: 'vehicleId', value: query.vehicleId, where: (v) => eq(services.vehicleId, v) });
    if (query.status !== undefined) filters.push({ key: 'status', value: query.status, where: (v) => eq(services.status, v) });
    if (from) filters.push({ key: 'from', value: from, where: (v) => gte(services.scheduledAt, v) });
    if (to) filters.push({ key: toDay ? 'toDay' : 'toTime', value: to, where: (v) => (toDay ? lt(services.scheduledAt, v) : lte(services.scheduledAt, v)) });
    return filters;
  }

  override create(values: ServiceCreate): Promise<Row> {
    return super.create(toColumns(values));
  }

  /**
   * A full replacement. A service with lines costs their sum: a PUT that leaves `cost` out keeps
   * it (one without lines gets the default, 0); one that sends another cost is refused (409).
   */
  override replace(id: number, values: ServiceCreate): Promise<Row | undefined> {
    if ('cost' in values) return super.replace(id, values);
    const cost = sql`coalesce((select sum(${serviceLines.amount}) from ${serviceLines} where ${serviceLines.serviceId} = ${id}), 0)`;
    return this.update(id, { ...this.config.replaceDefaults, ...values, cost } as unknown as ServicePatch);
  }

  /**
   * A status change is made only if it is a legal move (or no move at all), checked in the
   * UPDATE itself; `completedAt` follows the status.
   */
  override async update(id: number, values: ServicePatch): Promise<Row | undefined> {
    const status = values.status;
    if (status === undefined) return this.updateWhere(id, toColumns(values));
    const guard = or(eq(services.status, status), inArray(services.status, MOVES_INTO[status]));
    const completedAt = status === 'completed' ? sql`coalesce(${services.completedAt}, now())` : null;
    const updated = await this.updateWhere(id, { ...toColumns(values), completedAt }, guard);
    if (updated) return updated;
    const current = await this.get(id);
    if (!current) return undefined;
    throw new Refused('illegal_move', {
      field: '/status',
      message: `A service that is ${current.status} cannot move to ${status}`,
    });
  }
}

/** The API sends scheduledAt as ISO text; the column takes a Date. */
function toColumns<T extends { scheduledAt?: unknown }>(values: T): T {
  return typeof values.scheduledAt === 'string' ? { ...values, scheduledAt: new Date(values.scheduledAt) } : values;
}
