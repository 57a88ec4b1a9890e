/**
 * Where request limits are counted, for every limiter of the service: in this process's memory
 * (the embedded single instance: no server needed), in PostgreSQL's `rate_limits` table (every
 * instance on one database shares the counts) or in Redis (REDIS_URL). The counting itself is
 * rate-limiter-flexible's: atomic in each store, fixed windows that start with a key's first hit.
 *
 * If the shared store fails, each instance falls back to counting in its own memory (the
 * library's insurance limiter) rather than refusing every request or letting all through.
 */
import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import {
  RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';
import { Database } from '../../common/database/database.js';
import { AppConfig } from '../../config/app-config.js';

export interface LimitSpec {
  /** Names the counter family; part of every stored key. */
  name: string;
  points: number;
  durationSeconds: number;
  /**
   * Once a key is over its points, refuse it from memory until its window ends, without asking
   * the store (for a flood of requests). Not for limits that give points back.
   */
  blockInMemory?: boolean;
}

/** The table the PostgreSQL store counts in (migration RateLimits1796300000000). */
export const RATE_LIMITS_TABLE = 'rate_limits';

/** A store key for any client-given key: fixed length, and no e-mail address stored in clear. */
export function storeKey(key: string): string {
  return createHash('sha256').update(key).digest('base64url');
}

export function isLimitReached(value: unknown): value is RateLimiterRes {
  return value instanceof RateLimiterRes;
}

@Injectable()
export class RateLimits implements OnApplicationShutdown {
  private readonly logger = new Logger(RateLimits.name);
  private redis?: Redis;

  constructor(
    private readonly config: AppConfig,
    private readonly db: Database,
  ) {}

  get store(): AppConfig['limits']['store'] {
    return this.config.limits.store;
  }

  limiter(spec: LimitSpec): RateLimiterAbstract {
    const common = {
      keyPrefix: `ksb:${spec.name}`,
      points: spec.points,
      duration: spec.durationSeconds,
    };
    if (this.store === 'memory') return new RateLimiterMemory(common);
    const shared = {
      ...common,
      insuranceLimiter: new RateLimiterMemory(common),
      ...(spec.blockInMemory
        ? { inMemoryBlockOnConsumed: spec.points + 1, inMemoryBlockDuration: spec.durationSeconds }
        : {}),
    };
    if (this.store === 'redis') {
      return new RateLimiterRedis({ ...shared, storeClient: this.redisClient() });
    }
    return new RateLimiterPostgres({
      ...shared,
      // The library reads the DataSource's pool at each query: the limiters are made before it connects.
      storeClient: this.db.forLibrary(),
      storeType: 'typeorm',
      tableName: RATE_LIMITS_TABLE,
      // Created by a migration, not by the library at run time; expired rows are cleared by it.
      tableCreated: true,
      clearExpiredByTimeout: true,
    });
  }

  private redisClient(): Redis {
    if (!this.redis) {
      this.redis = new Redis(this.config.limits.redisUrl!, {
        // Fail fast to the insurance limiter instead of queueing commands while Redis is away.
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        lazyConnect: false,
      });
      this.redis.on('error', (error: Error) =>
        this.logger.warn(`Redis for request limits: ${error.message}`),
      );
    }
    return this.redis;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis?.quit().catch(() => this.redis?.disconnect());
  }
}
