// Opens the database (PostgreSQL or embedded PGlite), applies the migrations, and closes it
// when the server closes. Each resource builds its own repository from `app.database`.

import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config.ts';
import { openDatabase, type Database } from '../db/client.ts';

declare module 'fastify' {
  interface FastifyInstance {
    database: Database;
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
        directUrl: config.databaseDirectUrl,
        replicaUrls: config.databaseReplicaUrls,
        namedStatements: config.dbNamedStatements,
        statementTimeoutMs: config.dbStatementTimeoutMs,
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
  },
  { name: 'database' },
);
