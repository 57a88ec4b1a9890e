import 'reflect-metadata';
import type { Server } from 'node:http';
import { Logger } from 'nestjs-pino';
import { createApp } from './app.setup.js';
import { AppConfig, ConfigError, loadConfig } from './config/app-config.js';
import { startDatabase } from './database/embedded-postgres.js';
import { REQUEST_TIMEOUT_MS } from './modules/storage/temporary-sweeper.js';

function configOrExit(): AppConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

async function bootstrap(): Promise<void> {
  const config = configOrExit();
  const started = performance.now();
  const database = await startDatabase(config.database);
  const app = await createApp(config, database).catch(async (error: unknown) => {
    await database.stop();
    throw error;
  });
  // Said out loud because the sweep of unfinished upload parts relies on it.
  const server: Server = app.getHttpServer();
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  try {
    await app.listen(config.port);
  } catch (error) {
    await app.close();
    await database.stop();
    throw error;
  }

  const logger = app.get(Logger);
  const where = database.embedded
    ? `embedded PostgreSQL in ${config.database.dataDir}`
    : 'DATABASE_URL';
  logger.log(
    `Listening on ${await app.getUrl()} (API docs at /api/docs), database: ${where}, ` +
      `ready in ${Math.round(performance.now() - started)} ms`,
    'Bootstrap',
  );
  if (config.auth.jwtSecretGenerated) {
    logger.warn(
      'JWT_SECRET is not set: using a random secret; tokens end with this process',
      'Bootstrap',
    );
  }

  // Order matters: stop taking requests and close the pool before the embedded server goes away.
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal} received, shutting down`, 'Bootstrap');
    await app.close();
    await database.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
