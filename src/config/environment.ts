/** The environment variables the service reads, each validated: the schema loadConfig applies. */
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MinLength,
  registerDecorator,
  ValidateIf,
} from 'class-validator';
import { emptyToUndefined, IntegerSetting, toBoolean } from './setting-decorators.js';
import { isIP } from 'node:net';
import { ScaleEnvironmentVariables } from './scale-environment.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const LOG_FORMATS = ['auto', 'json', 'pretty'] as const;

const MEDIA_TYPE = String.raw`\s*[a-z0-9][\w.+-]*/[a-z0-9][\w.+-]*\s*`;
const MEDIA_TYPE_LIST = new RegExp(`^${MEDIA_TYPE}(,${MEDIA_TYPE})*$`, 'i');

/** Express's `trust proxy`: false, true, a hop count, or addresses/subnets/preset names. */
export type TrustProxy = boolean | number | string[];
const PROXY_PRESETS = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isProxyAddress(entry: string): boolean {
  if (PROXY_PRESETS.has(entry)) return true;
  const [address, bits, extra] = entry.split('/');
  const version = isIP(address);
  if (!version || extra !== undefined) return false;
  if (bits === undefined) return true;
  const prefix = Number(bits);
  return /^\d+$/.test(bits) && prefix <= (version === 4 ? 32 : 128);
}

/** Undefined when the value is not one of the forms Express accepts. */
export function parseTrustProxy(raw: string): TrustProxy | undefined {
  const value = raw.trim();
  if (value === 'false' || value === '') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  const entries = value.split(',').map((e) => e.trim());
  return entries.every(isProxyAddress) ? entries : undefined;
}

function IsTrustProxy(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isTrustProxy',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message:
          'must be false, true, a number of proxy hops, or a comma-separated list of addresses, ' +
          'subnets (10.0.0.0/8) or loopback / linklocal / uniquelocal',
      },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && parseTrustProxy(value) !== undefined,
      },
    });
}

/**
 * The environment as the service accepts it. Every variable the service reads is declared here,
 * and nowhere else in the code base touches process.env.
 */
export class EnvironmentVariables extends ScaleEnvironmentVariables {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @IntegerSetting(0, 65535)
  PORT = 3000;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  @IsString()
  @MinLength(1)
  DATA_DIR = './data';

  @IntegerSetting(1, 200)
  DATABASE_POOL_SIZE = 10;

  /** How long to wait for a database connection (a new one, or a free one from the pool). */
  @IntegerSetting(100, 120_000)
  DATABASE_CONNECT_TIMEOUT_MS = 5000;

  /** The server cancels a statement running longer; the client gives up a little later. */
  @IntegerSetting(100, 3_600_000)
  DATABASE_STATEMENT_TIMEOUT_MS = 30_000;

  @IsString()
  @MinLength(1)
  UPLOAD_DIR = './uploads';

  @IntegerSetting(1, 10_240)
  MAX_FILE_SIZE_MB = 50;

  @IntegerSetting(1, 100)
  MAX_FILES_PER_REQUEST = 10;

  /** Comma-separated media types accepted for upload; unset keeps the built-in evidence list. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(MEDIA_TYPE_LIST, {
    message: 'must be a comma-separated list of media types, e.g. application/pdf,image/png',
  })
  ALLOWED_MEDIA_TYPES?: string;

  /** Larger images (width × height, read from the header) are refused at upload. */
  @IntegerSetting(10_000, 1_000_000_000)
  MAX_IMAGE_PIXELS = 50_000_000;

  /** Stored files nobody references are deleted once this old; in-flight uploads are younger. */
  @IntegerSetting(5, 10_080)
  UPLOAD_ORPHAN_GRACE_MINUTES = 60;

  @Transform(emptyToUndefined)
  @ValidateIf((env: EnvironmentVariables) => env.NODE_ENV === 'production' || !!env.JWT_SECRET)
  @IsString({ message: 'is required in production' })
  @MinLength(32, { message: 'must be at least 32 characters' })
  JWT_SECRET?: string;

  @IntegerSetting(60, 86_400)
  JWT_TTL_SECONDS = 3600;

  @IntegerSetting(1, 1000)
  LOGIN_MAX_ATTEMPTS_PER_MINUTE = 5;

  /** Sign-ins to one account from all addresses together, per hour. */
  @IntegerSetting(1, 100_000)
  LOGIN_MAX_ATTEMPTS_PER_ACCOUNT_PER_HOUR = 30;

  /** Read, not set, here: libuv sizes its pool from the environment the process started with. */
  @IntegerSetting(1, 1024)
  UV_THREADPOOL_SIZE = 4;

  /** Password hashes computed at once; the rest wait their turn outside the thread pool. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IntegerSetting(1, 64)
  PASSWORD_HASH_CONCURRENCY?: number;

  @IsTrustProxy()
  TRUST_PROXY = 'false';

  /** Unset: on, except in production. */
  @Transform(toBoolean)
  @IsOptional()
  @IsBoolean({ message: 'must be true or false' })
  OPENAPI_ENABLED?: boolean;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsEmail()
  ADMIN_EMAIL?: string;

  @Transform(emptyToUndefined)
  @ValidateIf((env: EnvironmentVariables) => !!env.ADMIN_EMAIL)
  @IsString({ message: 'is required when ADMIN_EMAIL is set' })
  @MinLength(12, { message: 'must be at least 12 characters' })
  ADMIN_PASSWORD?: string;

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevel = 'info';

  /** auto: readable lines on a terminal outside production, JSON lines otherwise. */
  @IsIn(LOG_FORMATS)
  LOG_FORMAT: (typeof LOG_FORMATS)[number] = 'auto';

  /**
   * Most worker threads that render PDFs, each started when a PDF needs it; unset: one per core.
   * 0 renders on the main thread (for comparison only: a rendering then delays every other
   * request).
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IntegerSetting(0, 64)
  PDF_WORKERS?: number;

  /** PDFs that may wait for a free worker; more at once answer 503 with Retry-After. */
  @IntegerSetting(0, 1000)
  PDF_QUEUE_LIMIT = 8;

  /** templates/portfolio.<name>.json lays out and words the PDF portfolio. */
  @Matches(/^[a-z0-9][a-z0-9-]*$/, { message: 'must name a file templates/portfolio.<name>.json' })
  PORTFOLIO_TEMPLATE = 'default';
}

/** Typed, validated configuration; injected by class. */
