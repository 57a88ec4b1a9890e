import { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.js';
import { ENTITIES } from './entities.js';
import { SnakeNamingStrategy } from './naming-strategy.js';
import { TypeOrmLogger } from './typeorm-logger.js';

/**
 * The one place DataSource options are built: the app, the CLI (migrations, checks, seeding) and
 * the tests all come through here, so they can never drift apart.
 */
export function buildDataSourceOptions(options: {
  url: string;
  poolSize: number;
  /** Run pending migrations when the DataSource initialises (the app does; the CLI decides). */
  migrationsRun: boolean;
}): DataSourceOptions {
  return {
    type: 'postgres',
    url: options.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: options.migrationsRun,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    namingStrategy: new SnakeNamingStrategy(),
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    logging: ['error', 'warn', 'migration'],
    logger: new TypeOrmLogger(),
    maxQueryExecutionTime: 1000,
    extra: { max: options.poolSize, connectionTimeoutMillis: 10_000 },
  };
}
