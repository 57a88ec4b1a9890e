import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { buildDataSourceOptions } from './data-source-options.js';
import { Database, EMBEDDED_DATABASE } from '../common/database/database.js';

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
        TypeOrmModule.forRoot(
          buildDataSourceOptions({ ...database, timeouts, migrationsRun: true }),
        ),
      ],
      providers: [Database, { provide: EMBEDDED_DATABASE, useValue: database.embedded }],
      exports: [Database],
    };
  }
}
