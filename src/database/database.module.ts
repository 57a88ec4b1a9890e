import {
  DynamicModule,
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { InjectDataSource, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions.js';
import { buildDataSourceOptions } from './data-source-options.js';
import type { DatabaseTarget } from './embedded-postgres.js';
import { runMigrationsUnderLock } from './migration-lock.js';
import { RecordedTimes } from './recorded-times.js';
import { Database, EMBEDDED_DATABASE } from '../common/database/database.js';

const DATABASE_TARGET = Symbol('DATABASE_TARGET');

/**
 * Connects the DataSource, then applies pending migrations under the migration lock
 * (src/database/migration-lock.ts), so several instances starting together on an empty database
 * end with one schema.
 *
 * In the first bootstrap hook, not when the DataSource is made: the application's modules,
 * providers, routes and init hooks are built and run on an unconnected DataSource (repositories
 * read its metadata only when used), so a service starting its embedded database builds while the
 * database opens instead of after. Global modules' hooks run first, so every feature's bootstrap
 * hook finds the database connected; no init hook (onModuleInit) may use the database, and no
 * request arrives before the application listens.
 */
@Injectable()
class DatabaseConnection implements OnApplicationBootstrap {
  private readonly logger = new Logger('Migrations');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(DATABASE_TARGET) private readonly target: DatabaseTarget,
    private readonly db: Database,
    private readonly recordedTimes: RecordedTimes,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const url = await this.target.url;
    if ((this.dataSource.options as PostgresDataSourceOptions).url !== url) {
      // The embedded server's URL (its port) is known once it listens. The database's name comes
      // from the URL again, as it does for a DataSource made with it.
      this.dataSource.setOptions({ url, database: new URL(url).pathname.slice(1) });
    }
    await this.dataSource.initialize();
    // After initialize(), which replaces the subscribers with those named in the options.
    this.dataSource.subscribers.push(this.recordedTimes);
    try {
      await runMigrationsUnderLock(this.dataSource, {
        onWait: () => this.logger.log('Another instance is applying migrations; waiting for it'),
      });
    } catch (error) {
      await this.dataSource.destroy();
      throw error;
    }
    this.db.connected();
  }
}

/** TypeORM on the configured server, reached by every feature through `Database`. */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(
    database: DatabaseTarget,
    timeouts: { connectTimeoutMs: number; statementTimeoutMs: number },
  ): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({
            ...buildDataSourceOptions({
              ...database,
              url: typeof database.url === 'string' ? database.url : undefined,
              timeouts,
              migrationsRun: false,
            }),
            manualInitialization: true,
          }),
          dataSourceFactory: (options) => Promise.resolve(new DataSource(options!)),
        }),
      ],
      providers: [
        Database,
        DatabaseConnection,
        RecordedTimes,
        { provide: EMBEDDED_DATABASE, useValue: database.embedded },
        { provide: DATABASE_TARGET, useValue: database },
      ],
      exports: [Database],
    };
  }
}
