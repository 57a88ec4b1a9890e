import { DynamicModule, Global, Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, DataSourceOptions } from 'typeorm';
import { buildDataSourceOptions } from './data-source-options.js';
import { runMigrationsUnderLock } from './migration-lock.js';
import { Database, EMBEDDED_DATABASE } from '../common/database/database.js';

/**
 * Connects, then applies pending migrations under the migration lock (src/database/migration-lock.ts),
 * so several instances starting together on an empty database end with one schema.
 */
async function connectAndMigrate(options?: DataSourceOptions): Promise<DataSource> {
  const dataSource = await new DataSource(options!).initialize();
  const logger = new Logger('Migrations');
  try {
    await runMigrationsUnderLock(dataSource, {
      onWait: () => logger.log('Another instance is applying migrations; waiting for it'),
    });
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}

/** TypeORM on the configured server, reached by every feature through `Database`. */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(
    database: { url: string; poolSize: number; embedded: boolean },
    timeouts: { connectTimeoutMs: number; statementTimeoutMs: number },
  ): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => buildDataSourceOptions({ ...database, timeouts, migrationsRun: false }),
          dataSourceFactory: connectAndMigrate,
        }),
      ],
      providers: [Database, { provide: EMBEDDED_DATABASE, useValue: database.embedded }],
      exports: [Database],
    };
  }
}
