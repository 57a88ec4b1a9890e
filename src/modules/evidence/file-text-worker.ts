/**
 * The thread that reads evidence files' words for FileTextService (started by FileTextReader
 * from the compiled file, dist/…/file-text-worker.js): PDF.js and a notebook's JSON are parsed
 * here, off the main thread's loop, and the thread stops when it has been idle a while, so what
 * they grew goes back to the system with it.
 */
import { parentPort } from 'node:worker_threads';
import { extractText } from './file-text.js';
import type { FromTextWorker, ToTextWorker } from './file-text-reader.js';

const port = parentPort!;
const answer = (message: FromTextWorker) => port.postMessage(message);

port.on('message', ({ mediaType, bytes }: ToTextWorker) => {
  const file = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  extractText(mediaType, file).then(
    (text) => answer({ type: 'text', text }),
    (error: unknown) => answer({ type: 'failed', message: String(error) }),
  );
});
answer({ type: 'ready' });
