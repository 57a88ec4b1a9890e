/**
 * Worker thread running the embedded PostgreSQL (see startEmbeddedPostgresThread): loads PGlite
 * as soon as it starts, opens the server when told what to open, replies with its URL once it
 * accepts connections, and stops it when asked.
 */
import { parentPort } from 'node:worker_threads';
import { type EmbeddedOptions, loadPGlite, serveEmbeddedPostgres } from './embedded-postgres.js';

const port = parentPort!;
// Before the options arrive: the main thread is reading its configuration meanwhile.
const engine = loadPGlite();
const options = await new Promise<EmbeddedOptions>((resolve) => port.once('message', resolve));
const server = await serveEmbeddedPostgres(options, engine);
port.postMessage({ url: server.url, origin: server.origin });
port.once('message', () => {
  // With the server stopped and the port closed nothing is left to run, so the thread ends.
  void server.stop().finally(() => port.close());
});
