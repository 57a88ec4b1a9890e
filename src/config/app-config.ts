import { plainToInstance, Transform, Type } from 'class-transformer';
import {
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateIf,
  validateSync,
} from 'class-validator';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { passwordWeakness } from '../common/security/password-policy.js';
import { projectRoot } from './project-root.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
type LogLevel = (typeof LOG_LEVELS)[number];
const LOG_FORMATS = ['auto', 'json', 'pretty'] as const;

const MEDIA_TYPE = String.raw`\s*[a-z0-9][\w.+-]*/[a-z0-9][\w.+-]*\s*`;
const MEDIA_TYPE_LIST = new RegExp(`^${MEDIA_TYPE}(,${MEDIA_TYPE})*$`, 'i');

const emptyToUndefined = ({ value }: { value: unknown }): unknown =>
  value === '' ? undefined : value;

/**
 * The environment as the service accepts it. Every variable the service reads is declared here,
 * and nowhere else in the code base touches process.env.
 */
class EnvironmentVariables {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  @IsString()
  @MinLength(1)
  DATA_DIR = './data';

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  @IsString()
  @MinLength(1)
  UPLOAD_DIR = './uploads';

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_240)
  MAX_FILE_SIZE_MB = 50;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  MAX_FILES_PER_REQUEST = 10;

  /** Comma-separated media types accepted for upload; unset keeps the built-in evidence list. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(MEDIA_TYPE_LIST, {
    message: 'must be a comma-separated list of media types, e.g. application/pdf,image/png',
  })
  ALLOWED_MEDIA_TYPES?: string;

  /** Stored files nobody references are deleted once this old; in-flight uploads are younger. */
  @Type(() => Number)
  @IsInt()
  @Min(5)
  @Max(10_080)
  UPLOAD_ORPHAN_GRACE_MINUTES = 60;

  @Transform(emptyToUndefined)
  @ValidateIf((env: EnvironmentVariables) => env.NODE_ENV === 'production' || !!env.JWT_SECRET)
  @IsString({ message: 'is required in production' })
  @MinLength(32, { message: 'must be at least 32 characters' })
  JWT_SECRET?: string;

  @Type(() => Number)
  @IsInt()
  @Min(60)
  @Max(86_400)
  JWT_TTL_SECONDS = 3600;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  LOGIN_MAX_ATTEMPTS_PER_MINUTE = 5;

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

  /** templates/portfolio.<name>.json lays out and words the PDF portfolio. */
  @Matches(/^[a-z0-9][a-z0-9-]*$/, { message: 'must name a file templates/portfolio.<name>.json' })
  PORTFOLIO_TEMPLATE = 'default';
}

/** Typed, validated configuration; injected by class. */
export class AppConfig {
  readonly env: EnvironmentVariables['NODE_ENV'];
  readonly port: number;
  readonly logLevel: LogLevel;
  /** JSON lines for machines, or coloured one-line messages for a person at a terminal. */
  readonly logFormat: 'json' | 'pretty';
  readonly portfolioTemplate: string;
  readonly database: { url?: string; dataDir: string; poolSize: number };
  readonly uploads: {
    dir: string;
    maxFileBytes: number;
    maxFiles: number;
    /** Lower-case media types from ALLOWED_MEDIA_TYPES; undefined means the built-in list. */
    allowedMediaTypes?: string[];
    orphanGraceMs: number;
  };
  readonly auth: {
    jwtSecret: string;
    jwtSecretGenerated: boolean;
    jwtTtlSeconds: number;
    loginMaxAttemptsPerMinute: number;
    admin?: { email: string; password: string };
  };

  constructor(values: AppConfig) {
    Object.assign(this, values);
  }
}

export class ConfigError extends Error {}

function describe(errors: ReturnType<typeof validateSync>): string {
  return errors
    .map((e) => {
      const reasons = Object.values(e.constraints ?? {}).map((m) =>
        m.replace(`${e.property} `, ''),
      );
      return `${e.property} ${reasons.join('; ')} (got ${JSON.stringify(e.value)})`;
    })
    .join('\n');
}

type Env = Record<string, string | undefined>;

/**
 * Reads and validates the environment once. Throws ConfigError naming every bad variable.
 * `overrides` win over `base` (tests pass their own values here instead of touching process.env).
 */
export function loadConfig(
  overrides: Env = {},
  base: Env = process.env,
  terminal = process.stdout.isTTY === true,
): AppConfig {
  const source = { ...base, ...overrides };
  const env = plainToInstance(EnvironmentVariables, source, { exposeDefaultValues: true });
  const errors = validateSync(env, { whitelist: true, forbidUnknownValues: false });
  if (errors.length > 0) throw new ConfigError(`Invalid configuration:\n${describe(errors)}`);
  const weakAdmin = env.ADMIN_PASSWORD && passwordWeakness(env.ADMIN_PASSWORD, env.ADMIN_EMAIL);
  if (weakAdmin) throw new ConfigError(`Invalid configuration:\nADMIN_PASSWORD ${weakAdmin}`);

  const root = projectRoot();
  return new AppConfig({
    env: env.NODE_ENV,
    port: env.PORT,
    logLevel: env.LOG_LEVEL,
    logFormat:
      env.LOG_FORMAT === 'auto'
        ? terminal && env.NODE_ENV !== 'production'
          ? 'pretty'
          : 'json'
        : env.LOG_FORMAT,
    portfolioTemplate: env.PORTFOLIO_TEMPLATE,
    database: {
      url: env.DATABASE_URL,
      dataDir: resolve(root, env.DATA_DIR),
      poolSize: env.DATABASE_POOL_SIZE,
    },
    uploads: {
      dir: resolve(root, env.UPLOAD_DIR),
      maxFileBytes: env.MAX_FILE_SIZE_MB * 1024 * 1024,
      maxFiles: env.MAX_FILES_PER_REQUEST,
      allowedMediaTypes: env.ALLOWED_MEDIA_TYPES?.split(',').map((t) => t.trim().toLowerCase()),
      orphanGraceMs: env.UPLOAD_ORPHAN_GRACE_MINUTES * 60_000,
    },
    auth: {
      // Outside production a missing secret is generated per process: tokens simply stop working
      // after a restart, which is acceptable for a laptop and impossible to ship by accident.
      jwtSecret: env.JWT_SECRET ?? randomBytes(48).toString('base64url'),
      jwtSecretGenerated: !env.JWT_SECRET,
      jwtTtlSeconds: env.JWT_TTL_SECONDS,
      loginMaxAttemptsPerMinute: env.LOGIN_MAX_ATTEMPTS_PER_MINUTE,
      admin:
        env.ADMIN_EMAIL && env.ADMIN_PASSWORD
          ? { email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD }
          : undefined,
    },
  });
}
