import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface RunningDatabase {
  /** Connection URL for the `pg` driver. */
  readonly url: string;
  /** True when this process owns the server (embedded); false for an external server. */
  readonly embedded: boolean;
  /** Connections the app's pool may open: always 1 for the embedded server (see below). */
  readonly poolSize: number;
  stop(): Promise<void>;
}

/**
 * PostgreSQL in-process: PGlite behind its wire-protocol socket server on 127.0.0.1, so the app
 * talks to it through the ordinary `pg` driver with the same options and migrations as a real
 * server. `dataDir` undefined keeps everything in memory (tests).
 *
 * PGlite is a single backend session shared by every socket connection, and the socket server
 * interleaves their extended-protocol messages: with two pooled connections, one connection's
 * unnamed prepared statement is replaced by another's and a query silently returns the wrong rows
 * (measured: empty results and "unnamed prepared statement does not exist" under 8 concurrent
 * clients). So the app gets a pool of exactly one connection, which serialises every query and
 * transaction in the driver; PGlite runs one at a time anyway.
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
    poolSize: 1,
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

/** The app's single pooled connection plus head-room for tools attaching to a running server. */
export const EMBEDDED_MAX_CONNECTIONS = 4;

/** The configured server, or an embedded one when no URL is configured. */
export async function startDatabase(config: {
  url?: string;
  dataDir?: string;
  poolSize: number;
}): Promise<RunningDatabase> {
  if (config.url) {
    return {
      url: config.url,
      embedded: false,
      poolSize: config.poolSize,
      stop: () => Promise.resolve(),
    };
  }
  return startEmbeddedPostgres({
    dataDir: config.dataDir,
    maxConnections: EMBEDDED_MAX_CONNECTIONS,
  });
}
