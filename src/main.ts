import 'reflect-metadata';
import type { Worker } from 'node:worker_threads';
import { loadApplication } from './application-bundle.js';
import { setHeapGrowth } from './common/memory/heap-growth.js';
import type { AppConfig } from './config/app-config.js';
import { startDatabase, startEmbeddedPostgresThread } from './database/embedded-postgres.js';

/**
 * The service's entry, kept small on purpose. Without DATABASE_URL it starts the embedded
 * database's thread first, which loads PGlite while the configuration is read and validated (a
 * module of its own, loaded after); then it opens the database and loads the application
 * (server.ts, most of the code; in the built service a second bundle, see application-bundle.ts),
 * so the database opens while the application loads and builds.
 */
async function configOrExit(thread?: Worker): Promise<AppConfig> {
  const { ConfigError, loadConfig } = await import('./config/app-config.js');
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    await thread?.terminate();
    process.exit(1);
  }
}

async function bootstrap(): Promise<void> {
  const thread = process.env.DATABASE_URL ? undefined : startEmbeddedPostgresThread();
  const config = await configOrExit(thread);
  const database = startDatabase(config.database, thread);
  const { serve } = await loadApplication().catch(async (error: unknown) => {
    await database.running.then((db) => db.stop()).catch(() => undefined);
    throw error;
  });
  await serve(config, database);
  // Once listening: V8's own, larger factor suits the start, which allocates much and keeps most.
  setHeapGrowth();
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
