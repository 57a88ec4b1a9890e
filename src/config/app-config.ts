import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { passwordWeakness } from '../common/security/password-policy.js';
import { hasInvisibleCharacters } from '../common/security/safe-link.js';
import { projectRoot } from './project-root.js';

import {
  EnvironmentVariables,
  type LogLevel,
  parseTrustProxy,
  type TrustProxy,
} from './environment.js';

export { parseTrustProxy, type TrustProxy };

export class AppConfig {
  readonly env: EnvironmentVariables['NODE_ENV'];
  readonly port: number;
  readonly logLevel: LogLevel;
  /** JSON lines for machines, or coloured one-line messages for a person at a terminal. */
  readonly logFormat: 'json' | 'pretty';
  readonly portfolioTemplate: string;
  /** PDF rendering: worker threads and how many renderings may wait for one. */
  readonly pdf: { workers: number; queueLimit: number };
  readonly database: {
    url?: string;
    dataDir: string;
    poolSize: number;
    connectTimeoutMs: number;
    statementTimeoutMs: number;
  };
  readonly uploads: {
    dir: string;
    maxFileBytes: number;
    maxFiles: number;
    /** Lower-case media types from ALLOWED_MEDIA_TYPES; undefined means the built-in list. */
    allowedMediaTypes?: string[];
    orphanGraceMs: number;
    /** How often the instance holding the sweep lock looks for orphans. */
    orphanSweepEveryMs: number;
    maxImagePixels: number;
  };
  readonly auth: {
    jwtSecret: string;
    jwtSecretGenerated: boolean;
    jwtTtlSeconds: number;
    loginMaxAttemptsPerMinute: number;
    loginMaxAttemptsPerAccountPerHour: number;
    passwordHashConcurrency: number;
    admin?: { email: string; password: string };
  };
  readonly http: {
    trustProxy: TrustProxy;
    openApi: boolean;
  };
  /** Where stored files live: one machine's disk (uploads.dir) or a shared object store. */
  readonly storage: StorageConfig;
  /** Request limits, and the store that counts them for every instance. */
  readonly limits: {
    store: 'memory' | 'postgres' | 'redis';
    redisUrl?: string;
    /** Per address over every route; 0 is off. */
    requestsPerMinute: number;
  };
  /** The libuv thread pool the process started with (file I/O, hashing, zlib share it). */
  readonly threadPoolSize: number;

  constructor(values: AppConfig) {
    Object.assign(this, values);
  }
}

export type StorageConfig =
  | { driver: 'disk' }
  | {
      driver: 's3';
      bucket: string;
      region: string;
      endpoint?: string;
      forcePathStyle: boolean;
      credentials?: { accessKeyId: string; secretAccessKey: string };
      prefix: string;
    };

export class ConfigError extends Error {}

function storageConfig(env: EnvironmentVariables): StorageConfig {
  if (env.STORAGE === 'disk') return { driver: 'disk' };
  return {
    driver: 's3',
    bucket: env.S3_BUCKET!,
    region: env.S3_REGION!,
    endpoint: env.S3_ENDPOINT,
    // A custom endpoint is nearly always a store that wants path-style addresses.
    forcePathStyle: env.S3_FORCE_PATH_STYLE ?? env.S3_ENDPOINT !== undefined,
    credentials:
      env.S3_ACCESS_KEY_ID && env.S3_SECRET_ACCESS_KEY
        ? { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY }
        : undefined,
    prefix: env.S3_PREFIX,
  };
}

function limitStore(env: EnvironmentVariables): AppConfig['limits']['store'] {
  if (env.RATE_LIMIT_STORE === 'redis' && !env.REDIS_URL) {
    throw new ConfigError('Invalid configuration:\nRATE_LIMIT_STORE=redis needs REDIS_URL');
  }
  if (env.RATE_LIMIT_STORE !== 'auto') return env.RATE_LIMIT_STORE;
  if (env.REDIS_URL) return 'redis';
  return env.DATABASE_URL ? 'postgres' : 'memory';
}

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
  if (env.ADMIN_EMAIL && hasInvisibleCharacters(env.ADMIN_EMAIL)) {
    throw new ConfigError(
      'Invalid configuration:\nADMIN_EMAIL must not contain invisible or bidirectional control characters',
    );
  }
  // Hashing holds a pool thread for its whole run: leave at least one for file I/O. argon2 also
  // runs lanes on threads of its own, so more hashes at once than cores only slows everything.
  const hashing =
    env.PASSWORD_HASH_CONCURRENCY ??
    Math.max(1, Math.min(Math.floor(env.UV_THREADPOOL_SIZE / 2), availableParallelism()));
  if (hashing >= env.UV_THREADPOOL_SIZE && env.UV_THREADPOOL_SIZE > 1) {
    throw new ConfigError(
      `Invalid configuration:\nPASSWORD_HASH_CONCURRENCY must be below UV_THREADPOOL_SIZE ` +
        `(${env.UV_THREADPOOL_SIZE}), so file I/O keeps a thread (got ${hashing})`,
    );
  }

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
    pdf: { workers: env.PDF_WORKERS ?? availableParallelism(), queueLimit: env.PDF_QUEUE_LIMIT },
    database: {
      url: env.DATABASE_URL,
      dataDir: resolve(root, env.DATA_DIR),
      poolSize: env.DATABASE_POOL_SIZE,
      connectTimeoutMs: env.DATABASE_CONNECT_TIMEOUT_MS,
      statementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
    },
    uploads: {
      dir: resolve(root, env.UPLOAD_DIR),
      maxFileBytes: env.MAX_FILE_SIZE_MB * 1024 * 1024,
      maxFiles: env.MAX_FILES_PER_REQUEST,
      allowedMediaTypes: env.ALLOWED_MEDIA_TYPES?.split(',').map((t) => t.trim().toLowerCase()),
      orphanGraceMs: env.UPLOAD_ORPHAN_GRACE_MINUTES * 60_000,
      orphanSweepEveryMs: env.UPLOAD_ORPHAN_SWEEP_MINUTES * 60_000,
      maxImagePixels: env.MAX_IMAGE_PIXELS,
    },
    auth: {
      // Outside production a missing secret is generated per process: tokens simply stop working
      // after a restart, which is acceptable for a laptop and impossible to ship by accident.
      jwtSecret: env.JWT_SECRET ?? randomBytes(48).toString('base64url'),
      jwtSecretGenerated: !env.JWT_SECRET,
      jwtTtlSeconds: env.JWT_TTL_SECONDS,
      loginMaxAttemptsPerMinute: env.LOGIN_MAX_ATTEMPTS_PER_MINUTE,
      loginMaxAttemptsPerAccountPerHour: env.LOGIN_MAX_ATTEMPTS_PER_ACCOUNT_PER_HOUR,
      passwordHashConcurrency: hashing,
      admin:
        env.ADMIN_EMAIL && env.ADMIN_PASSWORD
          ? { email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD }
          : undefined,
    },
    http: {
      trustProxy: parseTrustProxy(env.TRUST_PROXY) ?? false,
      openApi: env.OPENAPI_ENABLED ?? env.NODE_ENV !== 'production',
    },
    storage: storageConfig(env),
    limits: {
      store: limitStore(env),
      redisUrl: env.REDIS_URL,
      requestsPerMinute: env.RATE_LIMIT_REQUESTS_PER_MINUTE,
    },
    threadPoolSize: env.UV_THREADPOOL_SIZE,
  });
}
