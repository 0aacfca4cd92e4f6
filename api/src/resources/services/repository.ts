import { eq, gte, inArray, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { Refused } from '../../db/errors.ts';
import { customers, serviceLines, services, vehicles, type ServiceStatus } from '../../db/schema.ts';
import { CollectionRepository, qualified as q, type Filter } from '../common/repository.ts';
import { period } from '../common/schemas.ts';
import { fromJson, plateSearch } from '../vehicles/repository.ts';
import { ServiceBodies, type ServiceCreate, type ServicePatch, type ServiceQuery, type ServiceVehicle } from './schemas.ts';

type Row = typeof services.$inferSelect & { vehicle: ServiceVehicle };

/** The ids of the vehicles that meet `condition`: services refer to their vehicle by id. */
const onVehicles = (condition: SQL) => sql`${q(services.vehicleId)} in (select ${q(vehicles.id)} from ${vehicles} where ${condition})`;

/** The statuses a service may come from to reach each status. */
const MOVES_INTO: Record<ServiceStatus, ServiceStatus[]> = {
  scheduled: [],
  in_progress: ['scheduled'],
  completed: ['in_progress'],
  cancelled: ['scheduled', 'in_progress'],
};

export class ServiceRepository extends CollectionRepository<typeof services, ServiceCreate, ServicePatch, ServiceQuery, Row> {
  /** Told of each service this process moved to completed, once the move is committed. */
  onCompleted: ((service: Row) => void) | undefined;

  constructor(database: Database) {
    super(database, {
      name: 'services',
      table: services,
      // `q` also finds a service by its vehicle's plate, whatever its spacing.
      search: [services.description, services.mechanic, { ...plateSearch, via: onVehicles }],
      caseInsensitive: ['description', 'mechanic'],
      replaceDefaults: ServiceBodies.replaceDefaults,
      summaries: {
        // What the counter reads on a job: the plate, the car, whose it is and how to call them.
        vehicle: {
          value: sql`(select json_build_object('plateNumber', ${q(vehicles.plateNumber)}, 'make', ${q(vehicles.make)}, 'model', ${q(vehicles.model)}, 'customerId', ${q(vehicles.customerId)}, 'customerName', ${q(customers.name)}, 'customerPhone', ${q(customers.phone)}) from ${vehicles} join ${customers} on ${q(customers.id)} = ${q(vehicles.customerId)} where ${q(vehicles.id)} = ${q(services.vehicleId)})`.mapWith(
            fromJson,
          ),
          sortKey: sql`(select ${q(vehicles.plateNumber)} from ${vehicles} where ${q(vehicles.id)} = ${q(services.vehicleId)})`,
        },
      },
    });
  }

  protected override filters(query: ServiceQuery): Filter[] {
    const { from, to, toDay } = period(query);
    const filters: Filter[] = [];
    if (query.vehicleId !== undefined) filters.push({ key: 'vehicleId', value: query.vehicleId, where: (v) => eq(services.vehicleId, v) });
    if (query.customerId !== undefined) filters.push({ key: 'customerId', value: query.customerId, where: (v) => onVehicles(sql`${q(vehicles.customerId)} = ${v}`) });
    if (query.status !== undefined) filters.push({ key: 'status', value: query.status, where: (v) => eq(services.status, v) });
    if (from) filters.push({ key: 'from', value: from, where: (v) => gte(services.scheduledAt, v) });
    if (to) filters.push({ key: toDay ? 'toDay' : 'toTime', value: to, where: (v) => (toDay ? lt(services.scheduledAt, v) : lte(services.scheduledAt, v)) });
    return filters;
  }

  override create(values: ServiceCreate): Promise<Row> {
    return super.create(toColumns(values));
  }

  override createMany(values: readonly ServiceCreate[]): Promise<void> {
    return super.createMany(values.map(toColumns));
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
   * UPDATE itself; `completedAt` follows the status (`startedAt` too, set by the database).
   */
  override async update(id: number, values: ServicePatch): Promise<Row | undefined> {
    const status = values.status;
    if (status === undefined) return this.updateWhere(id, toColumns(values));
    const guard = or(eq(services.status, status), inArray(services.status, MOVES_INTO[status]));
    const completedAt = status === 'completed' ? sql`coalesce(${services.completedAt}, now())` : null;
    const updated = await this.updateWhere(id, { ...toColumns(values), completedAt }, guard);
    // completed_at and updated_at are both now() of the UPDATE that made the move; an earlier
    // completion (a completed service sent `completed` again) keeps its older completed_at.
    if (updated?.completedAt && updated.completedAt.getTime() === updated.updatedAt.getTime()) {
      const completed = updated;
      // Inside an import, only once it commits (a dry run never does).
      this.database.afterCommit(() => this.onCompleted?.(completed));
    }
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
