import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Public } from '../../common/auth/decorators.js';
import { Database } from '../../common/database/database.js';
import { AppError } from '../../common/errors/app-error.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import { ApiErrors } from '../../common/openapi/api-errors.decorator.js';

export class HealthDto {
  @ApiProperty({ example: 'ok' }) status: 'ok';
  @ApiProperty({ example: 'up' }) database: 'up';
  @ApiProperty({ example: 2.1, description: 'Database round trip in milliseconds' })
  databaseLatencyMs: number;
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly db: Database) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Liveness and database reachability' })
  @ApiOkResponse({ type: HealthDto })
  @ApiErrors(503)
  async check(): Promise<HealthDto> {
    const started = performance.now();
    try {
      await this.db.query('SELECT 1');
    } catch {
      throw new AppError(ErrorCode.ServiceUnavailable, 'Database is not reachable');
    }
    const databaseLatencyMs = Math.round((performance.now() - started) * 10) / 10;
    return { status: 'ok', database: 'up', databaseLatencyMs };
  }
}
