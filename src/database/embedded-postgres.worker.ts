/**
 * Worker thread running the embedded PostgreSQL (see startEmbeddedPostgresInWorker): replies with
 * the server's URL once it accepts connections, and stops it when asked.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type EmbeddedOptions, serveEmbeddedPostgres } from './embedded-postgres.js';

const port = parentPort!;
const server = await serveEmbeddedPostgres(workerData as EmbeddedOptions);
port.postMessage({ url: server.url, origin: server.origin });
port.once('message', () => {
  // With the server stopped and the port closed nothing is left to run, so the thread ends.
  void server.stop().finally(() => port.close());
});
