import { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.js';
import { ENTITIES } from './entities.js';
import { TimeoutSafeClient } from './pg-client.js';
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
  /** The app's bounds on waiting for the database; the CLI (long migrations) leaves them out. */
  timeouts?: { connectTimeoutMs: number; statementTimeoutMs: number };
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
    extra: { max: options.poolSize, ...poolTimeouts(options.timeouts) },
  };
}

/** How long the client gives a statement beyond the server's own limit before it gives up. */
export const QUERY_TIMEOUT_MARGIN_MS = 2000;

/**
 * No request waits for the database without bound: a connection (new, or free in the pool) within
 * `connectTimeoutMs`; the server cancels a statement after `statementTimeoutMs` (57014); and in a
 * network partition, where the server cannot even say so, the client stops waiting for an answer
 * a little later (pg's query_timeout). Keep-alive notices a dead peer on idle connections. All
 * of these surface as 503 SERVICE_UNAVAILABLE (src/common/errors/infrastructure-errors.ts).
 */
function poolTimeouts(timeouts?: { connectTimeoutMs: number; statementTimeoutMs: number }) {
  if (!timeouts) return { connectionTimeoutMillis: 10_000 };
  return {
    connectionTimeoutMillis: timeouts.connectTimeoutMs,
    statement_timeout: timeouts.statementTimeoutMs,
    query_timeout: timeouts.statementTimeoutMs + QUERY_TIMEOUT_MARGIN_MS,
    Client: TimeoutSafeClient,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  };
}
