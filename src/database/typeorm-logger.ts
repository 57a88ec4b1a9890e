import { Logger as NestLogger } from '@nestjs/common';
import { Logger as TypeOrmLoggerInterface } from 'typeorm';

/**
 * Sends TypeORM's messages through Nest's logger (structured JSON with the request id) instead of
 * the console. Failed queries are logged at debug: most are client errors the exception filter
 * maps to a 4xx, and real failures are logged there with their stack.
 */
export class TypeOrmLogger implements TypeOrmLoggerInterface {
  private readonly logger = new NestLogger('TypeORM');

  logQuery(): void {}

  logQueryError(error: string | Error, query: string): void {
    this.logger.debug(`query failed: ${error instanceof Error ? error.message : error} — ${query}`);
  }

  logQuerySlow(time: number, query: string): void {
    this.logger.warn(`slow query (${time} ms): ${query}`);
  }

  logSchemaBuild(message: string): void {
    this.logger.debug(message);
  }

  logMigration(message: string): void {
    this.logger.debug(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn(message);
    else this.logger.log(message);
  }
}
