import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from './data-source-options.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';

export interface SchemaDiff {
  up: string[];
  down: string[];
}

/**
 * Applies every migration to a throwaway in-memory PostgreSQL, then asks TypeORM what it would
 * still change to match the entities. Empty means entities and migrations agree.
 */
export async function diffEntitiesAgainstMigrations(): Promise<SchemaDiff> {
  const server = await startEmbeddedPostgres({ maxConnections: 2 });
  const dataSource = new DataSource(
    buildDataSourceOptions({ url: server.url, poolSize: server.poolSize, migrationsRun: false }),
  );
  try {
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    const sql = await dataSource.driver.createSchemaBuilder().log();
    return {
      up: sql.upQueries.map((q) => q.query),
      down: sql.downQueries.map((q) => q.query).reverse(),
    };
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await server.stop();
  }
}
