import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { projectRoot } from '../config/project-root.js';
import { type DataDirOrigin, prepareDataDir } from './db-template.js';

export interface RunningDatabase {
  /** Connection URL for the `pg` driver. */
  readonly url: string;
  /** True when this process owns the server (embedded); false for an external server. */
  readonly embedded: boolean;
  /** Connections the app's pool may open: always 1 for the embedded server (see below). */
  readonly poolSize: number;
  /** For an embedded data directory: opened as it was, copied from the template, or initdb'd. */
  readonly origin?: DataDirOrigin;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** undefined keeps everything in memory (tests). */
  dataDir?: string;
  maxConnections: number;
}

/**
 * PostgreSQL in-process: PGlite behind its wire-protocol socket server on 127.0.0.1, so the app
 * talks to it through the ordinary `pg` driver with the same options and migrations as a real
 * server.
 *
 * PGlite is a single backend session shared by every socket connection, and the socket server
 * interleaves their extended-protocol messages: with two pooled connections, one connection's
 * unnamed prepared statement is replaced by another's and a query silently returns the wrong rows
 * (measured: empty results and "unnamed prepared statement does not exist" under 8 concurrent
 * clients). So the app gets a pool of exactly one connection, which serialises every query and
 * transaction in the driver; PGlite runs one at a time anyway.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<RunningDatabase> {
  const unlock = options.dataDir ? lockDataDir(options.dataDir) : () => Promise.resolve();
  try {
    const server = await serveEmbeddedPostgres(options);
    return {
      url: server.url,
      embedded: true,
      poolSize: 1,
      origin: server.origin,
      async stop() {
        await server.stop();
        await unlock();
      },
    };
  } catch (error) {
    await unlock();
    throw error;
  }
}

/**
 * The worker's script, found from the project root rather than from this module: in the built
 * service this code runs from dist/service.js, a bundle (see scripts/bundle.mjs).
 */
const WORKER_SCRIPT = join(projectRoot(), 'dist/src/database/embedded-postgres.worker.js');

/**
 * The same server on a worker thread. Opening PGlite (its WebAssembly PostgreSQL starting up, or
 * a new directory being filled) is CPU work of half a second or more; on its own thread it runs
 * while the main thread loads the application's modules, instead of before them, and its queries
 * never block the event loop that serves HTTP. The worker needs the built JavaScript (dist/), so
 * the tests, which run the TypeScript, use startEmbeddedPostgres.
 */
export async function startEmbeddedPostgresInWorker(
  options: EmbeddedOptions,
): Promise<RunningDatabase> {
  // Synchronous up to here: the thread starts before the caller goes on to load the application.
  const unlock = options.dataDir ? lockDataDir(options.dataDir) : () => Promise.resolve();
  const worker = new Worker(WORKER_SCRIPT, {
    workerData: options,
  });
  let stopping = false;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  let ready: { url: string; origin?: DataDirOrigin };
  try {
    ready = await new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      void exited.then(() => reject(new Error('The embedded PostgreSQL stopped while starting')));
    });
  } catch (error) {
    await worker.terminate();
    await unlock();
    throw error;
  }
  // Past start-up the service cannot work without its database: fail loudly, as an in-process
  // failure would, rather than answer 503 forever.
  worker.on('error', (error) => {
    if (!stopping) throw new Error('The embedded PostgreSQL failed', { cause: error });
  });
  return {
    url: ready.url,
    embedded: true,
    poolSize: 1,
    origin: ready.origin,
    async stop() {
      stopping = true;
      worker.postMessage('stop');
      await exited;
      await unlock();
    },
  };
}

/** Opens PGlite and its socket server on the calling thread (the worker runs this too). */
export async function serveEmbeddedPostgres(
  options: EmbeddedOptions,
): Promise<{ url: string; origin?: DataDirOrigin; stop(): Promise<void> }> {
  // Imported here: a service on DATABASE_URL never loads PGlite.
  const [{ PGlite }, { PGLiteSocketServer }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite-socket'),
  ]);
  const origin = options.dataDir ? await prepareDataDir(options.dataDir) : undefined;
  const db = await PGlite.create(options.dataDir ? { dataDir: options.dataDir } : {});
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
    throw error;
  }
  const [host, port] = server.getServerConn().split(':');
  return {
    url: `postgres://postgres@${host}:${port}/postgres`,
    origin,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}

/**
 * PGlite is a single process's database: a second process opening the same directory would
 * corrupt it (e.g. `npm run seed:demo` while the service runs). A pid file makes that an error.
 */
function lockDataDir(dataDir: string): () => Promise<void> {
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

/** The app's single pooled connection plus head-room for tools attaching to a running server. */
export const EMBEDDED_MAX_CONNECTIONS = 4;

/**
 * The configured server, or an embedded one when no URL is configured. Call it before importing
 * the application: the embedded server starts on its own thread while the modules load.
 */
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
  return startEmbeddedPostgresInWorker({
    dataDir: config.dataDir,
    maxConnections: EMBEDDED_MAX_CONNECTIONS,
  });
}
