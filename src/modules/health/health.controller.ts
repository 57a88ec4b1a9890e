import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Public } from '../../common/auth/decorators.js';
import { Database } from '../../common/database/database.js';
import { AppError } from '../../common/errors/app-error.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import {
  DATABASE_RETRY_AFTER_SECONDS,
  STORAGE_RETRY_AFTER_SECONDS,
} from '../../common/errors/infrastructure-errors.js';
import { ApiErrors } from '../../common/openapi/api-errors.decorator.js';
import { FileStorage, StorageHealth } from '../storage/storage.js';

/** How long the check waits for its own round trip before it looks at whether the pool is busy. */
const ROUND_TRIP_WAIT_MS = 20;
const BUSY_ANSWERED_WITHIN_MS = 5000;

export class StorageHealthDto implements StorageHealth {
  @ApiProperty({ description: 'A file could be written (and removed) just now' })
  writable: boolean;
  @ApiProperty({ example: 52_428_800, nullable: true, type: Number })
  freeBytes: number | null;
  @ApiProperty({ required: false, example: 'EROFS', description: 'Why it is not writable' })
  reason?: string;
}

export class HealthDto {
  @ApiProperty({ example: 'ok' }) status: 'ok';
  @ApiProperty({ example: 'up' }) database: 'up';
  @ApiProperty({
    example: 2.1,
    nullable: true,
    type: Number,
    description: 'Database round trip in milliseconds; null while it is busy',
  })
  databaseLatencyMs: number | null;
  @ApiProperty({
    example: false,
    description:
      'The single session of the embedded database is at work on another query and one ' +
      `answered within the last ${BUSY_ANSWERED_WITHIN_MS / 1000} s: up, without waiting behind it`,
  })
  databaseBusy: boolean;
  @ApiProperty({ type: StorageHealthDto }) storage: StorageHealthDto;
}

/**
 * Liveness for load balancers and operators: 200 only when the database answers and the upload
 * directory takes a write; otherwise 503 with the same facts in `details`.
 */
@ApiTags('health')
@Controller('health')
export class HealthController {
  /** At most one round trip in flight: checks that arrive meanwhile share it. */
  private roundTrip?: Promise<number | undefined>;

  constructor(
    private readonly db: Database,
    private readonly storage: FileStorage,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Liveness, database reachability, upload storage (writable, free)' })
  @ApiOkResponse({ type: HealthDto })
  @ApiErrors(503)
  async check(): Promise<HealthDto> {
    const [database, storage] = await Promise.all([this.database(), this.storage.health()]);
    if (database === undefined) {
      throw AppError.retryLater(
        ErrorCode.ServiceUnavailable,
        'Database is not reachable',
        DATABASE_RETRY_AFTER_SECONDS,
        { database: 'down', storage },
      );
    }
    if (!storage.writable) {
      throw AppError.retryLater(
        ErrorCode.StorageUnavailable,
        'File storage is not writable',
        STORAGE_RETRY_AFTER_SECONDS,
        { database: 'up', storage },
      );
    }
    const busy = database === 'busy';
    return {
      status: 'ok',
      database: 'up',
      databaseLatencyMs: busy ? null : database,
      databaseBusy: busy,
      storage,
    };
  }

  /**
   * The round trip in milliseconds, 'busy' when it is queued behind other queries that the
   * database is visibly answering, or undefined when the database does not answer.
   */
  private async database(): Promise<number | 'busy' | undefined> {
    const roundTrip = (this.roundTrip ??= this.selectOne().finally(() => {
      this.roundTrip = undefined;
    }));
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<'waited'>((resolve) => {
      timer = setTimeout(() => resolve('waited'), ROUND_TRIP_WAIT_MS);
    });
    const first = await Promise.race([roundTrip, waited]).finally(() => clearTimeout(timer));
    if (first !== 'waited') return first;
    if (this.db.singleSessionBusy(BUSY_ANSWERED_WITHIN_MS)) return 'busy';
    return roundTrip;
  }

  private async selectOne(): Promise<number | undefined> {
    const started = performance.now();
    try {
      await this.db.query('SELECT 1');
    } catch {
      return undefined;
    }
    return Math.round((performance.now() - started) * 10) / 10;
  }
}
