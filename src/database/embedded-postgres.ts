import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface RunningDatabase {
  /** Connection URL for the `pg` driver. */
  readonly url: string;
  /** True when this process owns the server (embedded); false for an external server. */
  readonly embedded: boolean;
  stop(): Promise<void>;
}

/**
 * PostgreSQL in-process: PGlite behind its wire-protocol socket server on 127.0.0.1, so the app
 * talks to it through the ordinary `pg` driver with the same options and migrations as a real
 * server. `dataDir` undefined keeps everything in memory (tests).
 *
 * PGlite is a single backend session: the socket server queues queries, and an open transaction
 * blocks every other connection until it ends.
 */
export async function startEmbeddedPostgres(options: {
  dataDir?: string;
  maxConnections: number;
}): Promise<RunningDatabase> {
  const unlock = options.dataDir ? await lockDataDir(options.dataDir) : () => Promise.resolve();
  const db = await PGlite.create(options.dataDir ? { dataDir: options.dataDir } : {}).catch(
    async (error: unknown) => {
      await unlock();
      throw error;
    },
  );
  const server = new PGLiteSocketServer({
    db,
    host: '127.0.0.1',
    port: 0,
    maxConnections: options.maxConnections,
  });
  try {
    await server.start();
  } catch (error) {
    await db.close();
    await unlock();
    throw error;
  }
  const [host, port] = server.getServerConn().split(':');
  return {
    url: `postgres://postgres@${host}:${port}/postgres`,
    embedded: true,
    async stop() {
      await server.stop();
      await db.close();
      await unlock();
    },
  };
}

/**
 * PGlite is a single process's database: a second process opening the same directory would
 * corrupt it (e.g. `npm run seed:demo` while the service runs). A pid file makes that an error.
 */
async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  await mkdir(dataDir, { recursive: true });
  const lockFile = join(dataDir, 'ksb-portfolio.pid');
  const holder = Number(await readFile(lockFile, 'utf8').catch(() => ''));
  if (holder && holder !== process.pid && isAlive(holder)) {
    throw new Error(
      `The embedded database in ${dataDir} is in use by process ${holder} (is the service running?). ` +
        'Stop it first, or use a PostgreSQL server via DATABASE_URL.',
    );
  }
  await writeFile(lockFile, String(process.pid));
  return () => rm(lockFile, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The configured server, or an embedded one when no URL is configured. */
export async function startDatabase(config: {
  url?: string;
  dataDir?: string;
  poolSize: number;
}): Promise<RunningDatabase> {
  if (config.url) return { url: config.url, embedded: false, stop: () => Promise.resolve() };
  // Head-room above the pool for the migration runner and ad-hoc CLI connections.
  return startEmbeddedPostgres({ dataDir: config.dataDir, maxConnections: config.poolSize + 5 });
}
