// Opens the database (PostgreSQL or embedded PGlite), applies the migrations, builds the
// repositories, and closes it all when the server closes.

import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config.ts';
import { openDatabase, type Database } from '../db/client.ts';
import { CustomerRepository } from '../resources/customers/repository.ts';
import { ServiceRepository } from '../resources/services/repository.ts';
import { StatsRepository } from '../resources/stats/repository.ts';
import { VehicleRepository } from '../resources/vehicles/repository.ts';

export interface Repositories {
  customers: CustomerRepository;
  vehicles: VehicleRepository;
  services: ServiceRepository;
  stats: StatsRepository;
}

declare module 'fastify' {
  interface FastifyInstance {
    database: Database;
    repositories: Repositories;
  }
}

export interface DatabasePluginOptions {
  config: Config;
  /** A database opened by the caller (tests); it is still closed with the app. */
  database?: Database;
  migrate?: boolean;
}

export const database = fp(
  async (app: FastifyInstance, options: DatabasePluginOptions) => {
    const { config } = options;
    const database =
      options.database ??
      (await openDatabase({
        databaseUrl: config.databaseUrl,
        dataDir: config.dataDir,
        poolMax: config.dbPoolMax,
        poolQueueMax: config.dbPoolQueueMax,
        poolTimeoutMs: config.dbPoolTimeoutMs,
      }));
    if (options.migrate !== false) {
      await database.migrate().catch(async (error: unknown) => {
        await database.close();
        throw error;
      });
    }
    app.addHook('onClose', () => database.close());
    app.log.info({ database: database.kind }, `database: ${database.description}`);

    app.decorate('database', database);
    app.decorate('repositories', {
      customers: new CustomerRepository(database),
      vehicles: new VehicleRepository(database),
      services: new ServiceRepository(database),
      stats: new StatsRepository(database),
    });
  },
  { name: 'database' },
);
