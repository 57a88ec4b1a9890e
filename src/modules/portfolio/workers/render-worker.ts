/**
 * A PDF worker thread (started by PdfRenderPool from the compiled file, dist/…/render-worker.js).
 * At its start it imports pdfkit and parses the template's main fonts, says it is ready, renders
 * a small made-up portfolio into nothing and shapes the words most PDFs draw (warmUpRendering,
 * warmUpWords), unless a PDF comes first. It
 * renders one document at a time with the same renderer the main thread would use, so the bytes
 * are the same: layout, font subsetting, deflate and image decoding all happen here, never on
 * the main thread's loop.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { Writable } from 'node:stream';
import { threadHeapRelease } from '../../../common/memory/idle-heap-release.js';
import { transferable } from '../../../common/workers/transferable.js';
import { commonWords } from '../pdf/common-words.js';
import { warmUpFonts, warmUpWords } from '../pdf/font-book.js';
import { renderPortfolio } from '../pdf/portfolio-renderer.js';
import type { PortfolioTemplate } from '../pdf/portfolio-template.js';
import { DEFAULT_RENDER_OPTIONS } from '../pdf/render-context.js';
import { buildPortfolio, makePng } from '../pdf/sample-portfolio.js';
import {
  type FromWorker,
  fromWire,
  RENDER_NICENESS,
  type LoadedImage,
  type ToWorker,
  toWireError,
  UNACKNOWLEDGED_BYTES,
} from './render-protocol.js';

const port = parentPort!;
const post = (message: FromWorker, transfer?: ArrayBuffer[]) => port.postMessage(message, transfer);

/** The rendering in progress: its output, the images it waits for, its flow control. */
interface Job {
  sink: Writable;
  images: Map<number, { resolve(loaded: LoadedImage): void; reject(error: Error): void }>;
  unacknowledged: number;
  /** A write waiting for the main thread to catch up. */
  blocked?: () => void;
}

let job: Job | undefined;
let nextSeq = 0;
/**
 * What PDFs grew goes back once none has come for a few seconds, not after each one: a full
 * collection between two PDFs of a burst cost the worker ~60 ms, and V8 then optimised much of the
 * renderer again on its helper threads. pdf-workers bench, six PDFs in a row: 4.45–4.69 s of the
 * service's CPU with a collection after each, 3.88–4.23 s without (alternating runs); the EPA pack
 * bench's peak while two PDFs render back to back was the same (464 against 467 MB).
 */
const heap = threadHeapRelease().start();
/** The warm-up's output while it renders: destroyed, it stops the warm-up at its next section. */
let warming: Writable | undefined;

function sinkFor(current: () => Job): Writable {
  return new Writable({
    highWaterMark: 1024 * 1024,
    write(chunk: Buffer, _encoding, done) {
      // Handed over without a copy when the chunk is a whole buffer: pdfkit builds each object's
      // stream afresh (file, image, page contents) and lets it go once written, so a large chunk
      // is this rendering's alone. A view into a larger buffer (the coalesced small writes share
      // Node's pool) is copied: transferring would take the rest of that buffer away too.
      const bytes = transferable(chunk);
      // Sent once the write returns: pdfkit counts a chunk's length (for the cross-reference
      // table) after pushing it, and this write runs within that push.
      queueMicrotask(() => post({ type: 'chunk', bytes }, [bytes.buffer]));
      const state = current();
      state.unacknowledged += bytes.byteLength;
      if (state.unacknowledged < UNACKNOWLEDGED_BYTES) done();
      else state.blocked = () => done();
    },
  });
}

async function render(message: Extract<ToWorker, { type: 'render' }>): Promise<void> {
  const state: Job = { sink: sinkFor(() => state), images: new Map(), unacknowledged: 0 };
  job = state;
  heap.begin();
  const load = (index: number) =>
    new Promise<LoadedImage>((resolve, reject) => {
      const seq = nextSeq++;
      state.images.set(seq, { resolve, reject });
      post({ type: 'image', seq, index });
    });
  try {
    const doc = fromWire(message.doc, load);
    const result = await renderPortfolio(doc, message.template, state.sink, message.options);
    post({ type: 'done', ...result });
  } catch (error) {
    post({ type: 'failed', error: toWireError(error), outputDestroyed: state.sink.destroyed });
  } finally {
    job = undefined;
    heap.end();
  }
}

function receive(message: ToWorker): void {
  const state = job;
  switch (message.type) {
    case 'render':
      // A PDF someone waits for comes before the warm-up, which would only have made it faster.
      warming?.destroy();
      void render(message);
      return;
    case 'image': {
      const waiting = state?.images.get(message.seq);
      state?.images.delete(message.seq);
      const { bytes, unavailable } = message;
      if (bytes) {
        waiting?.resolve({
          bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
        });
      } else if (unavailable !== undefined) waiting?.resolve({ unavailable });
      else waiting?.reject(new Error('the image could not be read'));
      return;
    }
    case 'ack':
      if (!state) return;
      state.unacknowledged -= message.bytes;
      if (state.blocked && state.unacknowledged < UNACKNOWLEDGED_BYTES) {
        const resume = state.blocked;
        state.blocked = undefined;
        resume();
      }
      return;
    case 'cancel':
      if (!state) return;
      state.sink.destroy(new Error('the reader went away'));
      for (const waiting of state.images.values()) waiting.reject(new Error('cancelled'));
      state.images.clear();
      return;
  }
}

/**
 * Passes over the made-up portfolio. V8 optimises the functions that run often, and one pass left
 * much of the renderer unoptimised: the first real PDF took 1.53× the second (pdf-workers bench,
 * median of five starts), against 1.44× after four passes (each after the first costs ~0.1 s).
 */
const WARM_UP_PASSES = 4;

/**
 * Renders a small made-up portfolio into nothing (see sample-portfolio.ts), WARM_UP_PASSES times:
 * the renderer's code loaded and compiled, every style's font tables decoded, before the first
 * real PDF. It runs once the worker has said it is ready, and a real PDF that arrives meanwhile
 * stops it: that PDF then pays for compiling the renderer itself (about a second less than
 * waiting for the warm-up, measured). A failure here only costs the warm-up; the worker still
 * takes PDFs.
 */
async function warmUpRendering(template: PortfolioTemplate): Promise<void> {
  const picture = makePng(64, 48, 1);
  const doc = buildPortfolio({
    kind: 'gateway',
    evidence: 6,
    image: (i) => (i % 2 ? picture : undefined),
  });
  for (let pass = 0; pass < WARM_UP_PASSES && !job; pass++) {
    const nothing = new Writable({ write: (_chunk, _encoding, done) => done() });
    warming = nothing;
    await renderPortfolio(doc, template, nothing, DEFAULT_RENDER_OPTIONS, {
      holdObjects: true,
    }).catch(() => undefined);
    warming = undefined;
  }
}

/**
 * A PDF is background work next to the requests the main thread answers: on Linux, where the nice
 * value is per thread, this thread yields the CPU to them (it still gets every idle cycle, so a
 * PDF alone is as fast). Elsewhere nothing changes.
 */
function yieldToRequests(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (tid > 0) setPriority(tid, RENDER_NICENESS);
  } catch {
    // No /proc/thread-self (not Linux): the thread keeps the process's priority.
  }
}

const template = workerData as PortfolioTemplate;
yieldToRequests();
port.on('message', receive);
await warmUpFonts(template);
post({ type: 'ready' });
// What the warm-up grows goes back with what PDFs grow.
heap.begin();
await warmUpRendering(template);
await warmUpWords(template, commonWords(template), () => job !== undefined).catch(() => undefined);
heap.end();
