import type { PGliteOptions } from '@electric-sql/pglite';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { projectRoot } from '../config/project-root.js';
import { WORKER_RESOURCE_LIMITS } from '../common/memory/worker-heap.js';
import { lockDataDir } from './data-dir-lock.js';
import { type DataDirOrigin, prepareDataDir } from './db-template.js';

export interface RunningDatabase {
  /** Connection URL for the `pg` driver. */
  readonly url: string;
  /** True when this process owns the server (embedded); false for an external server. */
  readonly embedded: boolean;
  /** Connections the app's pool may open: EMBEDDED_POOL_SIZE for the embedded server. */
  readonly poolSize: number;
  /** For an embedded data directory: opened as it was, copied from the template, or initdb'd. */
  readonly origin?: DataDirOrigin;
  stop(): Promise<void>;
}

/** One session behind every connection of the embedded server, so one connection (see below). */
export const EMBEDDED_POOL_SIZE = 1;

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
      poolSize: EMBEDDED_POOL_SIZE,
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
 * The embedded database's thread, started before anything else (main.ts): it loads PGlite and
 * compiles its WebAssembly while the main thread is still reading the configuration, then waits
 * to be told what to open (startEmbeddedPostgresInWorker).
 */
export function startEmbeddedPostgresThread(): Worker {
  return new Worker(WORKER_SCRIPT, { resourceLimits: WORKER_RESOURCE_LIMITS });
}

/**
 * The same server on a worker thread. Opening PGlite (its WebAssembly PostgreSQL starting up, or
 * a new directory being filled) is CPU work of half a second or more; on its own thread it runs
 * while the main thread loads and builds the application, instead of before, and its queries
 * never block the event loop that serves HTTP. The worker needs the built JavaScript (dist/), so
 * the tests, which run the TypeScript, use startEmbeddedPostgres.
 */
export async function startEmbeddedPostgresInWorker(
  options: EmbeddedOptions,
  worker = startEmbeddedPostgresThread(),
): Promise<RunningDatabase> {
  // Synchronous up to here: the thread opens the database while the caller goes on.
  const unlock = options.dataDir ? lockDataDir(options.dataDir) : () => Promise.resolve();
  worker.postMessage(options);
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
    poolSize: EMBEDDED_POOL_SIZE,
    origin: ready.origin,
    async stop() {
      stopping = true;
      worker.postMessage('stop');
      await exited;
      await unlock();
    },
  };
}

/** Node's WebAssembly global, typed here: its declarations come with the DOM's, not loaded. */
declare const WebAssembly: {
  compile(bytes: Uint8Array): Promise<NonNullable<PGliteOptions['pgliteWasmModule']>>;
};

/** PGlite's code and compiled WebAssembly: the part of opening it that needs no options. */
export interface PGliteEngine {
  PGlite: typeof import('@electric-sql/pglite').PGlite;
  PGLiteSocketServer: typeof import('@electric-sql/pglite-socket').PGLiteSocketServer;
  options: Pick<PGliteOptions, 'pgliteWasmModule' | 'fsBundle'>;
}

/**
 * Loads PGlite and compiles its WebAssembly (imported here: a service on DATABASE_URL never loads
 * PGlite). The files are PGlite's own, beside its module, as it would load them itself.
 */
export async function loadPGlite(): Promise<PGliteEngine> {
  const [{ PGlite }, { PGLiteSocketServer }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite-socket'),
  ]);
  const dist = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  const [wasm, data] = await Promise.all([
    readFile(join(dist, 'pglite.wasm')),
    readFile(join(dist, 'pglite.data')),
  ]);
  const pgliteWasmModule = await WebAssembly.compile(wasm);
  return { PGlite, PGLiteSocketServer, options: { pgliteWasmModule, fsBundle: new Blob([data]) } };
}

/**
 * PostgreSQL's settings for the embedded server beyond PGlite's own. Its buffer pool lives in the
 * service's memory (WebAssembly), touched in full at start: PostgreSQL's default 128 MB was a third
 * of the service's resident memory at rest. 32 MB holds a provider's working set; what falls out
 * is in the operating system's page cache, a system call away.
 */
export const EMBEDDED_SETTINGS = ['-c', 'shared_buffers=32MB'];

/** Opens PGlite and its socket server on the calling thread (the worker runs this too). */
export async function serveEmbeddedPostgres(
  options: EmbeddedOptions,
  engine: Promise<PGliteEngine> = loadPGlite(),
): Promise<{ url: string; origin?: DataDirOrigin; stop(): Promise<void> }> {
  const { PGlite, PGLiteSocketServer, options: loaded } = await engine;
  const origin = options.dataDir ? await prepareDataDir(options.dataDir) : undefined;
  const db = await PGlite.create({
    ...loaded,
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    startParams: [...PGlite.defaultStartParams, ...EMBEDDED_SETTINGS],
  });
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

/** The app's single pooled connection plus head-room for tools attaching to a running server. */
export const EMBEDDED_MAX_CONNECTIONS = 4;

/**
 * What the application needs of its database to build itself, known before the server is up: it
 * builds while the embedded server opens and connects once the URL is there (DatabaseModule).
 */
export interface DatabaseTarget {
  readonly embedded: boolean;
  /** Connections the app's pool may open (EMBEDDED_POOL_SIZE for the embedded server). */
  readonly poolSize: number;
  /** The connection URL; a promise while the embedded server is still opening. */
  readonly url: string | Promise<string>;
}

/** A database on its way up: a target to build the application on, and the server once it runs. */
export interface StartingDatabase extends DatabaseTarget {
  readonly running: Promise<RunningDatabase>;
}

/**
 * The configured server, or an embedded one when no URL is configured. Call it before importing
 * the application: the embedded server starts on its own thread while the modules load and the
 * application builds.
 */
export function startDatabase(
  config: { url?: string; dataDir?: string; poolSize: number },
  /** The embedded database's thread if main.ts started it early, already loading PGlite. */
  thread?: Worker,
): StartingDatabase {
  if (config.url) {
    void thread?.terminate();
    const server: RunningDatabase = {
      url: config.url,
      embedded: false,
      poolSize: config.poolSize,
      stop: () => Promise.resolve(),
    };
    return { ...server, running: Promise.resolve(server) };
  }
  const running = startEmbeddedPostgresInWorker(
    { dataDir: config.dataDir, maxConnections: EMBEDDED_MAX_CONNECTIONS },
    thread,
  );
  const url = running.then((server) => server.url);
  // Whoever awaits `running` hears of a failed start; the URL's copy of it is not news.
  url.catch(() => undefined);
  return { embedded: true, poolSize: EMBEDDED_POOL_SIZE, url, running };
}
