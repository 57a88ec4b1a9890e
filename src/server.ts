import 'reflect-metadata';
import type { Server } from 'node:http';
import { Logger } from 'nestjs-pino';
import { createApp } from './app.setup.js';
import { threadHeapRelease } from './common/memory/idle-heap-release.js';
import { AppConfig } from './config/app-config.js';
import { StartingDatabase } from './database/embedded-postgres.js';
import { PortfolioService } from './modules/portfolio/portfolio.service.js';
import { REQUEST_TIMEOUT_MS } from './modules/storage/temporary-sweeper.js';
import { announce } from './startup-summary.js';

/**
 * How long after listening the PDF workers start. Each parses its fonts (CPU work on both cores)
 * and would otherwise compete with the first requests; a PDF asked for sooner starts them itself.
 */
const PDF_WARM_UP_DELAY_MS = 1_000;

/** Stops the database whether or not it finished starting. */
const stopDatabase = (database: StartingDatabase) =>
  database.running.then((db) => db.stop()).catch(() => undefined);

/**
 * The application on a starting database: main.ts loads this module (most of the service's code)
 * while the embedded database opens on its own thread, and the application builds (modules,
 * routes) before it connects in DatabaseModule's init. Listens, and shuts down in order on
 * SIGTERM/SIGINT.
 */
export async function serve(config: AppConfig, database: StartingDatabase): Promise<void> {
  const app = await createApp(config, database).catch(async (error: unknown) => {
    await stopDatabase(database);
    throw error;
  });

  // The main thread's heap given back when the service goes quiet after work.
  const release = threadHeapRelease();
  // Order matters: stop taking requests and close the pool before the embedded server goes away.
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    release.stop();
    app.get(Logger).log(`${signal} received, shutting down`, 'Bootstrap');
    await app.close();
    await stopDatabase(database);
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
    await stopDatabase(database);
    throw error;
  }
  await announce(app, config, await database.running, performance.now());
  release.watch(server);
  setTimeout(() => {
    if (!stopping) app.get(PortfolioService).warmUp();
  }, PDF_WARM_UP_DELAY_MS).unref();
}
