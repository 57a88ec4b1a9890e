import 'reflect-metadata';
import { loadApplication } from './application-bundle.js';
import { AppConfig, ConfigError, loadConfig } from './config/app-config.js';
import { startDatabase } from './database/embedded-postgres.js';

/**
 * The service's entry, kept small on purpose: it reads the configuration and starts the embedded
 * database's thread first, then loads the application (server.ts, most of the code; in the
 * built service a second bundle, see application-bundle.ts), so the database opens while the
 * application loads.
 */
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
  const starting = startDatabase(config.database);
  const [database, { serve }] = await Promise.all([starting, loadApplication()]).catch(
    async (error: unknown) => {
      await starting.then((db) => db.stop()).catch(() => undefined);
      throw error;
    },
  );
  await serve(config, database);
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
