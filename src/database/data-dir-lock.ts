import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * PGlite is a single process's database: a second process opening the same directory would
 * corrupt it (e.g. `npm run seed:demo` while the service runs). A pid file makes that an error.
 */
export function lockDataDir(dataDir: string): () => Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  const lockFile = join(dataDir, 'ksb-portfolio.pid');
  const holder = Number(readPidFile(lockFile));
  if (holder && holder !== process.pid && isAlive(holder)) {
    throw new Error(
      `The embedded database in ${dataDir} is in use by process ${holder} (is the service running?). ` +
        'Stop it first, or use a PostgreSQL server via DATABASE_URL.',
    );
  }
  writeFileSync(lockFile, String(process.pid));
  return () => rm(lockFile, { force: true });
}

function readPidFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
