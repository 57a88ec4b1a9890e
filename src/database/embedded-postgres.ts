import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { mkdir } from 'node:fs/promises';

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
  if (options.dataDir) await mkdir(options.dataDir, { recursive: true });
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
    embedded: true,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
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
