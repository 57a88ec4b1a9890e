import { compiledScript } from '../../common/workers/compiled-script.js';
import { transferable } from '../../common/workers/transferable.js';
import { type Lease, WorkerPool } from '../../common/workers/worker-pool.js';
import { extractText } from './file-text.js';

export interface ToTextWorker {
  mediaType: string;
  bytes: Uint8Array;
}

export type FromTextWorker =
  { type: 'ready' } | { type: 'text'; text: string } | { type: 'failed'; message: string };

/** Uploads come in bursts: the thread waits this long for the next file before it stops. */
export const TEXT_WORKER_IDLE_MS = 10_000;
/** Files are read one at a time; these many reads may wait (requests' lazy reads among them). */
const QUEUE_LIMIT = 10_000;

export interface FileTextReaderOptions {
  /** Defaults to the build's file-text-worker.js; without one, files are read on this thread. */
  script?: URL | null;
  idleMs?: number;
}

/**
 * Reads a file's words (extractText) in a worker thread of its own. On the main thread, PDF.js
 * (0.13 s to load, then tens of ms per report) held up every request: while ten 40-page reports
 * were read, /api/health had p99 57 ms and max 164 ms, against 32 and 45 ms with the worker; and
 * it left its heap there (the EPA pack bench: 40 MB more RSS after its 50 uploads than with no PDF
 * read). The thread starts with the first file and stops after TEXT_WORKER_IDLE_MS without one,
 * taking that heap with it.
 */
export class FileTextReader {
  private readonly pool?: WorkerPool;

  constructor(options: FileTextReaderOptions = {}) {
    const script =
      options.script === undefined
        ? compiledScript('modules/evidence/file-text-worker.js')
        : options.script;
    if (!script) return;
    this.pool = new WorkerPool({
      script,
      size: 1,
      queueLimit: QUEUE_LIMIT,
      idleMs: options.idleMs ?? TEXT_WORKER_IDLE_MS,
      // Background work that nobody waits for: a young generation of 3 MB rather than the PDF
      // workers' 12 (EPA pack bench, PostgreSQL, a render while ten reports are still being
      // read: peak RSS 450-466 MB against 471-476 MB).
      workerOptions: { resourceLimits: { maxYoungGenerationSizeMb: 3 } },
    });
  }

  /** Whether files are read in a worker thread, and how many are running now (tests). */
  get workers(): number | undefined {
    return this.pool?.stats.workers;
  }

  /** The file's words; `bytes` may be handed to the worker (unusable here afterwards). */
  read(mediaType: string, bytes: Buffer): Promise<string> {
    if (!this.pool) return extractText(mediaType, bytes);
    const file = transferable(bytes);
    return this.pool.run((lease) => readOn(lease, { mediaType, bytes: file }));
  }

  close(): Promise<void> {
    return this.pool?.close() ?? Promise.resolve();
  }
}

function readOn({ worker, lost }: Lease, message: ToTextWorker): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const receive = (m: FromTextWorker) => {
      if (m.type === 'ready') return;
      worker.off('message', receive);
      if (m.type === 'text') resolve(m.text);
      else reject(new Error(m.message));
    };
    lost.catch((error: Error) => (worker.off('message', receive), reject(error)));
    worker.on('message', receive);
    worker.postMessage(message, [message.bytes.buffer as ArrayBuffer]);
  });
}
