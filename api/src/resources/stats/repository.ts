import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { rowCounts, services } from '../../db/schema.ts';

export interface Stats {
  customers: number;
  vehicles: number;
  services: { scheduled: number; in_progress: number; completed: number; cancelled: number };
  revenue: { completed: number; last30Days: number };
}

const rowCount = (table: 'customers' | 'vehicles') =>
  sql<number>`(select ${rowCounts.n} from ${rowCounts} where ${rowCounts.tableName} = ${table})`.mapWith(Number);
const countWhere = (status: string) => sql<number>`count(*) filter (where ${services.status} = ${status})`.mapWith(Number);
const money = (filter: ReturnType<typeof sql>) => sql<number>`coalesce(sum(${services.cost}) filter (where ${filter}), 0)`.mapWith(Number);

/**
 * The dashboard's figures in one query: counts (kept by triggers), services by status and
 * revenue (one pass over services).
 */
export class StatsRepository {
  constructor(private readonly database: Database) {}

  async read(): Promise<Stats> {
    const [row] = await this.database.run('select', 'services', (db) =>
      db
        .select({
          customers: rowCount('customers'),
          vehicles: rowCount('vehicles'),
          scheduled: countWhere('scheduled'),
          inProgress: countWhere('in_progress'),
          completed: countWhere('completed'),
          cancelled: countWhere('cancelled'),
          revenue: money(sql`${services.status} = 'completed'`),
          last30Days: money(sql`${services.status} = 'completed' and ${services.completedAt} >= now() - interval '30 days'`),
        })
        .from(services),
    );
    const r = row!;
    return {
      customers: r.customers,
      vehicles: r.vehicles,
      services: { scheduled: r.scheduled, in_progress: r.inProgress, completed: r.completed, cancelled: r.cancelled },
      revenue: { completed: r.revenue, last30Days: r.last30Days },
    };
  }
}
