import pg from 'pg';
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
  /** Unset while the embedded server is still opening: DatabaseModule sets it when it connects. */
  url: string | undefined;
  poolSize: number;
  /** The embedded server (one session behind every connection): see forgetPreparedStatements. */
  embedded?: boolean;
  /** Run pending migrations when the DataSource initialises (the app does; the CLI decides). */
  migrationsRun: boolean;
  /** The app's bounds on waiting for the database; the CLI (long migrations) leaves them out. */
  timeouts?: { connectTimeoutMs: number; statementTimeoutMs: number };
}): DataSourceOptions {
  return {
    type: 'postgres',
    // The pg this code imports (the bundle's own copy, which TimeoutSafeClient extends): left to
    // itself TypeORM requires pg by name at run time, a second copy loaded from node_modules at
    // every start of the bundled service (~30 ms).
    driver: pg,
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
    extra: {
      max: options.poolSize,
      ...poolTimeouts(options.timeouts),
      ...(options.embedded ? { verify: forgetPreparedStatements } : {}),
    },
  };
}

/**
 * pg-pool's check of a new connection before its first use. The embedded server is one session
 * behind every connection, so statements prepared on a connection that has since closed (an idle
 * one, after 10 s) are still there, and the new connection, whose pg client knows none of them,
 * could not prepare them again (42P05). It starts by forgetting them. (On a real server every
 * connection is a session of its own.)
 */
function forgetPreparedStatements(
  client: { query(sql: string): Promise<unknown> },
  done: (error?: Error) => void,
): void {
  client.query('DEALLOCATE ALL').then(() => done(), done);
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
