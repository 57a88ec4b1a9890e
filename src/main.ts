import 'reflect-metadata';
import type { Server } from 'node:http';
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
  // The embedded database starts on its own thread while this one loads the application's
  // modules (most of a start's time), so neither waits for the other.
  const starting = startDatabase(config.database);
  const [database, { createApp }, { announce }, { Logger }] = await Promise.all([
    starting,
    import('./app.setup.js'),
    import('./startup-summary.js'),
    import('nestjs-pino'),
  ]).catch(async (error: unknown) => {
    await starting.then((db) => db.stop()).catch(() => undefined);
    throw error;
  });
  const app = await createApp(config, database).catch(async (error: unknown) => {
    await database.stop();
    throw error;
  });

  // Order matters: stop taking requests and close the pool before the embedded server goes away.
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.get(Logger).log(`${signal} received, shutting down`, 'Bootstrap');
    await app.close();
    await database.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

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
  await announce(app, config, database, performance.now());
  // Now that requests are served: the PDF workers start (and parse their fonts) off the start
  // path, and the first PDF does not wait for them.
  const { PortfolioService } = await import('./modules/portfolio/portfolio.service.js');
  app.get(PortfolioService).warmUp();
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
