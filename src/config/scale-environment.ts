/**
 * The variables for running several instances: where files live (local disk or an S3-compatible
 * store), the shared store for request limits (PostgreSQL, or Redis), and the general per-address
 * request limit. `EnvironmentVariables` extends this, so they are validated with the rest.
 */
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, Matches, ValidateIf } from 'class-validator';
import { emptyToUndefined, IntegerSetting, toBoolean } from './setting-decorators.js';

export const STORAGE_DRIVERS = ['disk', 's3'] as const;
export const LIMIT_STORES = ['auto', 'memory', 'postgres', 'redis'] as const;

const usesS3 = (env: ScaleEnvironmentVariables) => env.STORAGE === 's3';

export class ScaleEnvironmentVariables {
  /** disk: files under UPLOAD_DIR (one machine); s3: an S3-compatible object store (many). */
  @IsIn(STORAGE_DRIVERS)
  STORAGE: (typeof STORAGE_DRIVERS)[number] = 'disk';

  @Transform(emptyToUndefined)
  @ValidateIf(usesS3)
  @IsString({ message: 'is required when STORAGE=s3' })
  @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: 'must be a valid bucket name' })
  S3_BUCKET?: string;

  @Transform(emptyToUndefined)
  @ValidateIf(usesS3)
  @IsString({ message: 'is required when STORAGE=s3' })
  @Matches(/^[a-z0-9-]+$/, { message: 'must be a region name such as eu-west-2' })
  S3_REGION?: string;

  /** Unset: AWS. MinIO, Ceph and other S3-compatible stores give their URL here. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^https?:\/\/[^\s/]+(\/\S*)?$/, { message: 'must be an http:// or https:// URL' })
  S3_ENDPOINT?: string;

  /** Path-style addresses (host/bucket/key): what most S3-compatible stores need. */
  @Transform(toBoolean)
  @IsOptional()
  @IsBoolean({ message: 'must be true or false' })
  S3_FORCE_PATH_STYLE?: boolean;

  /** Both or neither: unset, the SDK's own chain (instance role, AWS_* variables) applies. */
  @Transform(emptyToUndefined)
  @ValidateIf((env: ScaleEnvironmentVariables) => usesS3(env) && !!env.S3_SECRET_ACCESS_KEY)
  @IsString({ message: 'is required with S3_SECRET_ACCESS_KEY' })
  S3_ACCESS_KEY_ID?: string;

  @Transform(emptyToUndefined)
  @ValidateIf((env: ScaleEnvironmentVariables) => usesS3(env) && !!env.S3_ACCESS_KEY_ID)
  @IsString({ message: 'is required with S3_ACCESS_KEY_ID' })
  S3_SECRET_ACCESS_KEY?: string;

  /** Objects go under this folder-like prefix of the bucket ('' for the whole bucket). */
  @Matches(/^([a-z0-9][a-z0-9._-]*\/)*$/, {
    message: 'must be empty or folder names ending in "/", e.g. ksb/uploads/',
  })
  S3_PREFIX = '';

  /** Shared limits in Redis instead of PostgreSQL (e.g. redis://127.0.0.1:6379). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^rediss?:\/\/\S+$/, { message: 'must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  /**
   * Where request limits are counted. auto: Redis when REDIS_URL is set, else PostgreSQL when
   * DATABASE_URL is set (shared by every instance), else memory (the embedded single instance).
   */
  @IsIn(LIMIT_STORES)
  RATE_LIMIT_STORE: (typeof LIMIT_STORES)[number] = 'auto';

  /** Requests one address may make per minute, over the whole API and site; 0 turns it off. */
  @IntegerSetting(0, 1_000_000)
  RATE_LIMIT_REQUESTS_PER_MINUTE = 600;

  /** How often one instance (whichever holds the lock) sweeps stored files nobody references. */
  @IntegerSetting(1, 10_080)
  UPLOAD_ORPHAN_SWEEP_MINUTES = 60;
}
