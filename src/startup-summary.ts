import { NestExpressApplication } from '@nestjs/platform-express';
import { AddressInfo } from 'node:net';
import { isAbsolute, relative } from 'node:path';
import { Logger } from 'nestjs-pino';
import { Database } from './common/database/database.js';
import { AppConfig } from './config/app-config.js';
import { RunningDatabase } from './database/embedded-postgres.js';

/** A path as a person would type it from here: ./data rather than /home/…/ksb-portfolio/data. */
export function shortPath(path: string, cwd = process.cwd()): string {
  const rel = relative(cwd, path);
  if (rel === '') return '.';
  return rel.startsWith('..') || isAbsolute(rel) ? path : `./${rel}`;
}

/** Host, port and database of a connection URL, never its user or password. */
export function describeServer(url: string): string {
  const { hostname, port, pathname } = new URL(url);
  return `${hostname}:${port || 5432}${pathname}`;
}

export function describeDatabase(config: AppConfig, database: RunningDatabase): string {
  if (!database.embedded) return `PostgreSQL at ${describeServer(database.url)}`;
  const origin =
    database.origin === 'template'
      ? ' (new, from the build’s template)'
      : database.origin === 'initdb'
        ? ' (new)'
        : '';
  return `embedded PostgreSQL in ${shortPath(config.database.dataDir)}${origin}`;
}

function describeStorage(config: AppConfig): string {
  const storage = config.storage;
  if (storage.driver === 'disk') return `local disk in ${shortPath(config.uploads.dir)}`;
  const where = storage.endpoint ? ` at ${storage.endpoint}` : ` in ${storage.region}`;
  return `S3 bucket ${storage.bucket}${storage.prefix ? `/${storage.prefix}` : ''}${where}`;
}

/**
 * The one line a person starting the service needs: where it listens, which database and which
 * storage it uses, and how long the start took (from process start, as a supervisor sees it).
 */
export function summaryLine(
  config: AppConfig,
  database: RunningDatabase,
  port: number,
  readyMs: number,
): string {
  return (
    `Listening on http://localhost:${port} (API docs: /api/docs) · ` +
    `database: ${describeDatabase(config, database)} · ` +
    `storage: ${describeStorage(config)} · ` +
    `ready in ${Math.round(readyMs)} ms`
  );
}

/** How to sign in as the demo users, when `npm run seed:demo` has made them (never in production). */
async function demoHint(app: NestExpressApplication, config: AppConfig): Promise<string | null> {
  if (config.env === 'production') return null;
  const { DEMO_USERS } = await import('./modules/demo/demo-seed.js');
  const rows = await app
    .get(Database)
    .query<{ email: string }[]>(
      'SELECT email FROM users WHERE email = ANY($1) AND deleted_at IS NULL AND disabled_at IS NULL',
      [DEMO_USERS.map((u) => u.email)],
    );
  const present = new Set(rows.map((r) => r.email));
  const users = DEMO_USERS.filter((u) => present.has(u.email));
  if (users.length === 0) return null;
  return (
    'Demo data: sign in (POST /api/auth/login) as ' +
    users.map((u) => `${u.role} ${u.email} / ${u.password}`).join(', ')
  );
}

/**
 * Logs the start-up summary, then the demo hint and what to watch out for, one after the other
 * (the hint is looked up first, so nothing else can come between them).
 */
export async function announce(
  app: NestExpressApplication,
  config: AppConfig,
  database: RunningDatabase,
  readyMs: number,
): Promise<void> {
  const logger = app.get(Logger);
  const { port } = app.getHttpServer().address() as AddressInfo;
  const hint = await demoHint(app, config).catch(() => null);
  logger.log(summaryLine(config, database, port, readyMs), 'Bootstrap');
  if (hint) logger.log(hint, 'Bootstrap');
  if (config.auth.jwtSecretGenerated) {
    logger.warn(
      'JWT_SECRET is not set: using a random secret; tokens end with this process',
      'Bootstrap',
    );
  }
}
