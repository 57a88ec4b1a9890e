import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { buildDataSourceOptions } from './data-source-options.js';
import { Database } from '../common/database/database.js';

/** TypeORM on the configured server, reached by every feature through `Database`. */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(
    database: { url: string; poolSize: number },
    timeouts: { connectTimeoutMs: number; statementTimeoutMs: number },
  ): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRoot(
          buildDataSourceOptions({ ...database, timeouts, migrationsRun: true }),
        ),
      ],
      providers: [Database],
      exports: [Database],
    };
  }
}
