import { NestExpressApplication } from '@nestjs/platform-express';
import { Test, type TestingModuleBuilder } from '@nestjs/testing';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module.js';
import { configureApp } from '../../src/app.setup.js';
import { AppConfig, loadConfig } from '../../src/config/app-config.js';
import {
  EMBEDDED_MAX_CONNECTIONS,
  RunningDatabase,
  startEmbeddedPostgres,
} from '../../src/database/embedded-postgres.js';

export interface TestApp {
  app: NestExpressApplication;
  /** The HTTP server to hand to supertest. */
  http: ReturnType<NestExpressApplication['getHttpServer']>;
  config: AppConfig;
  dataSource: DataSource;
  close(): Promise<void>;
}

/**
 * With DATABASE_URL set, the e2e suite runs against that server and WIPES its public schema first
 * (point it at a throwaway database). Without it, each test file gets its own in-memory embedded
 * PostgreSQL.
 */
async function freshDatabase(config: AppConfig): Promise<RunningDatabase> {
  if (!config.database.url) {
    return startEmbeddedPostgres({ maxConnections: EMBEDDED_MAX_CONNECTIONS });
  }
  const client = new Client({ connectionString: config.database.url });
  await client.connect();
  try {
    await client.query('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public');
  } finally {
    await client.end();
  }
  return {
    url: config.database.url,
    embedded: false,
    poolSize: config.database.poolSize,
    stop: () => Promise.resolve(),
  };
}

export interface TestAppOptions {
  /** Rewrites the database URL the app connects to (e.g. through a TcpProxy). */
  databaseUrl?: (url: string) => Promise<string>;
  /** A database the test started itself (and stops itself), instead of a fresh one. */
  database?: RunningDatabase;
  /** Replaces providers before the app boots (e.g. a storage whose disk fails). */
  override?: (builder: TestingModuleBuilder) => TestingModuleBuilder;
}

/** Boots the real application module through the same setup as main.ts. */
export async function createTestApp(
  env: Record<string, string> = {},
  options: TestAppOptions = {},
): Promise<TestApp> {
  const uploadDir = await mkdtemp(join(tmpdir(), 'ksb-uploads-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256',
    UPLOAD_DIR: uploadDir,
    DATABASE_POOL_SIZE: '5',
    ADMIN_EMAIL: 'admin@test.example',
    ADMIN_PASSWORD: 'operator-password-2026',
    LOGIN_MAX_ATTEMPTS_PER_MINUTE: '1000',
    LOGIN_MAX_ATTEMPTS_PER_ACCOUNT_PER_HOUR: '100000',
    // Suites fire hundreds of requests from 127.0.0.1; the limit's own tests switch it on.
    RATE_LIMIT_REQUESTS_PER_MINUTE: '0',
    ...env,
  });
  const given = options.database;
  const fresh = given ?? (await freshDatabase(config));
  // Through a proxy there is a network between: no longer the embedded case.
  const database = options.databaseUrl
    ? { ...fresh, url: await options.databaseUrl(fresh.url), embedded: false }
    : fresh;
  let app: NestExpressApplication;
  try {
    const builder = Test.createTestingModule({
      imports: [AppModule.forRoot(config, database)],
    });
    const moduleRef = await (options.override?.(builder) ?? builder).compile();
    app = moduleRef.createNestApplication<NestExpressApplication>({ bufferLogs: true });
    configureApp(app);
    await app.init();
  } catch (error) {
    if (!given) await fresh.stop();
    throw error;
  }
  return {
    app,
    http: app.getHttpServer(),
    config,
    dataSource: app.get(DataSource),
    async close() {
      await app.close();
      if (!given) await fresh.stop();
      await rm(uploadDir, { recursive: true, force: true });
    },
  };
}

/**
 * The time a hook that seeds the demo may take: it replays two years of two apprenticeships
 * through the services, about 25 s on a quiet machine, over 60 s on a loaded 2-core one (seen).
 */
export const DEMO_SEED_TIMEOUT_MS = 180_000;
