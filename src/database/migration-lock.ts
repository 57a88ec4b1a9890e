/**
 * Migrations that several instances may start at the same moment: each waits for a PostgreSQL
 * advisory lock before it looks for pending migrations, so exactly one applies them and the rest
 * find nothing left to do. The lock is a session lock on one dedicated connection, which also runs
 * the migrations: if the process dies, PostgreSQL ends the session and frees the lock.
 *
 * It is taken with `pg_try_advisory_lock` in a loop rather than a blocking `pg_advisory_lock`, so
 * the wait is bounded by `waitMs` and not cut short by the pool's statement timeout. The embedded
 * database takes the same path: there one process owns the database, and the lock is always free.
 */
import { DataSource, Migration, MigrationExecutor, QueryRunner } from 'typeorm';

/** `hashtext()` of this names the lock; the CLI's `migration:run` takes the same one. */
export const MIGRATION_LOCK = 'ksb-portfolio:migrations';

export interface MigrationLockOptions {
  /** Give up (and fail the start) after waiting this long for another instance. */
  waitMs?: number;
  pollMs?: number;
  onWait?: () => void;
}

export class MigrationLockTimeoutError extends Error {}

async function tryLock(runner: QueryRunner): Promise<boolean> {
  const [row] = (await runner.query('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [
    MIGRATION_LOCK,
  ])) as { locked: boolean }[];
  return row.locked;
}

/**
 * True when every migration the code knows is recorded as applied: one indexed read, and no lock,
 * for the usual start. (TypeORM's own check reads information_schema first, several times slower
 * on the embedded database.) A database without the migrations table has everything pending.
 */
async function allApplied(dataSource: DataSource): Promise<boolean> {
  const names = dataSource.migrations.map((m) => m.name ?? m.constructor.name);
  try {
    const [row] = await dataSource.query<{ applied: number }[]>(
      'SELECT count(*)::int AS applied FROM migrations WHERE name = ANY($1)',
      [names],
    );
    return row.applied === names.length;
  } catch (error) {
    if ((error as { code?: string }).code === UNDEFINED_TABLE) return false;
    throw error;
  }
}

const UNDEFINED_TABLE = '42P01';

/** Applies pending migrations (each in its own transaction) while holding the migration lock. */
export async function runMigrationsUnderLock(
  dataSource: DataSource,
  options: MigrationLockOptions = {},
): Promise<Migration[]> {
  if (await allApplied(dataSource)) return [];
  const waitMs = options.waitMs ?? 600_000;
  const pollMs = options.pollMs ?? 250;
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    const deadline = Date.now() + waitMs;
    let told = false;
    while (!(await tryLock(runner))) {
      if (Date.now() >= deadline) {
        throw new MigrationLockTimeoutError(
          `Another instance held the migration lock for over ${Math.round(waitMs / 1000)} s`,
        );
      }
      if (!told) options.onWait?.();
      told = true;
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
    try {
      const executor = new MigrationExecutor(dataSource, runner);
      executor.transaction = 'each';
      return await executor.executePendingMigrations();
    } finally {
      await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [MIGRATION_LOCK]);
    }
  } finally {
    await runner.release();
  }
}
