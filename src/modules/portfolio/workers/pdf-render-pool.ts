import { finished, type Writable } from 'node:stream';
import { AppError } from '../../../common/errors/app-error.js';
import { ErrorCode } from '../../../common/errors/error-code.js';
import { WORKER_RESOURCE_LIMITS } from '../../../common/memory/worker-heap.js';
import { compiledScript } from '../../../common/workers/compiled-script.js';
import { transferable } from '../../../common/workers/transferable.js';
import { type Lease, PoolFullError, WorkerPool } from '../../../common/workers/worker-pool.js';
import type { PortfolioDocument } from '../pdf/portfolio-document.js';
import {
  PortfolioDocumentError,
  renderPortfolio,
  type RenderResult,
} from '../pdf/portfolio-renderer.js';
import type { PortfolioTemplate } from '../pdf/portfolio-template.js';
import type { RenderOptions } from '../pdf/render-context.js';
import {
  type FromWorker,
  type ToWorker,
  toWire,
  type WireError,
  type WireLoader,
} from './render-protocol.js';

/** A PDF takes a second or two: by then a worker is likely free. */
export const PDF_RETRY_AFTER_SECONDS = 5;

/** The build's PDF worker script (see compiledScript); undefined before any build. */
export const compiledWorkerScript = (): URL | undefined =>
  compiledScript('modules/portfolio/workers/render-worker.js');

export interface PdfRenderPoolOptions {
  workers: number;
  queueLimit: number;
  template: PortfolioTemplate;
  /** Defaults to compiledWorkerScript(). */
  script?: URL;
}

/**
 * Renders PDFs in worker threads, up to `workers` of them, started as PDFs need them. The output
 * is byte for byte what renderPortfolio gives on the main thread: the workers run that very
 * function.
 * With no worker (PDF_WORKERS=0, or no compiled worker script: only unit tests that run from src
 * without a build) it renders on the main thread instead.
 */
export class PdfRenderPool {
  private pool?: WorkerPool;
  readonly script: URL | undefined;

  constructor(private readonly options: PdfRenderPoolOptions) {
    this.script = options.workers > 0 ? (options.script ?? compiledWorkerScript()) : undefined;
  }

  get inWorkers(): boolean {
    return this.script !== undefined;
  }

  /**
   * Starts the workers (each parses the fonts as it starts) without waiting for a first PDF, so
   * that PDF costs what every later one does. server.ts calls it a second after the service listens.
   */
  warmUp(): void {
    if (this.script) this.workers(this.script).start();
  }

  private workers(script: URL): WorkerPool {
    return (this.pool ??= new WorkerPool({
      script,
      size: this.options.workers,
      queueLimit: this.options.queueLimit,
      workerOptions: {
        workerData: this.options.template,
        resourceLimits: WORKER_RESOURCE_LIMITS,
      },
    }));
  }

  async render(
    doc: PortfolioDocument,
    template: PortfolioTemplate,
    output: Writable,
    options: RenderOptions,
  ): Promise<RenderResult> {
    if (!this.script) return renderPortfolio(doc, template, output, options);
    const pool = this.workers(this.script);
    const { wire, loaders } = toWire(doc);
    const message: ToWorker = { type: 'render', doc: wire, template, options };
    try {
      return await pool.run((lease) => renderOn(lease, message, loaders, output));
    } catch (error) {
      if (!(error instanceof PoolFullError)) throw error;
      throw AppError.retryLater(
        ErrorCode.ServiceUnavailable,
        'Too many PDFs are being made right now; try again shortly',
        PDF_RETRY_AFTER_SECONDS,
      );
    }
  }

  async close(): Promise<void> {
    await this.pool?.close();
  }
}

/** The error the worker reported, as the same kind of error the main thread would have thrown. */
function rebuild(wire: WireError): Error {
  const error =
    wire.name === 'PortfolioDocumentError'
      ? new PortfolioDocumentError(wire.message)
      : Object.assign(new Error(wire.message), { name: wire.name }, pick(wire));
  if (wire.stack) error.stack = wire.stack;
  return error;
}

const pick = ({ code, syscall }: WireError) => ({
  ...(code ? { code } : {}),
  ...(syscall ? { syscall } : {}),
});

/**
 * One rendering on a leased worker: answers its requests for image bytes, writes what it sends
 * into `output` (acknowledging as `output` drains, so a slow reader slows the worker down), and
 * settles once `output` has finished. An image that cannot be read rejects with that very error.
 */
function renderOn(
  lease: Lease,
  message: ToWorker,
  loaders: WireLoader[],
  output: Writable,
): Promise<RenderResult> {
  const { worker } = lease;
  const send = (m: ToWorker, transfer?: ArrayBuffer[]) => worker.postMessage(m, transfer);
  return new Promise<RenderResult>((resolve, reject) => {
    let settled = false;
    let done: RenderResult | undefined;
    let imageError: unknown;
    let outputError: Error | undefined;
    let owed = 0;
    let draining = false;
    let wrote = false;
    const settle = (error: unknown, result?: RenderResult) => {
      if (settled) return;
      settled = true;
      worker.off('message', receive);
      if (result) resolve(result);
      else reject(error instanceof Error ? error : new Error(String(error)));
    };
    const acknowledge = () => {
      if (owed > 0) send({ type: 'ack', bytes: owed });
      owed = 0;
    };
    const sendImage = (seq: number, index: number) =>
      Promise.resolve()
        .then(() => loaders[index]())
        .then(
          (loaded) => {
            if ('unavailable' in loaded) return send({ type: 'image', seq, ...loaded });
            const bytes = transferable(loaded);
            send({ type: 'image', seq, bytes }, [bytes.buffer]);
          },
          (error: unknown) => {
            imageError ??= error;
            send({ type: 'image', seq });
          },
        );
    const receive = (m: FromWorker) => {
      if (m.type === 'chunk') {
        owed += m.bytes.byteLength;
        wrote = true;
        if (outputError) return;
        const ok = output.write(Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.length));
        if (ok && !draining) acknowledge();
        else if (!draining) {
          draining = true;
          output.once('drain', () => ((draining = false), acknowledge()));
        }
      } else if (m.type === 'image') void sendImage(m.seq, m.index);
      else if (m.type === 'done') {
        done = { pages: m.pages, checksums: m.checksums };
        output.end();
      } else if (m.type === 'failed') {
        const error = imageError ?? outputError ?? rebuild(m.error);
        if (m.outputDestroyed && !output.destroyed) output.destroy(error as Error);
        settle(error);
      }
    };
    // Only the writable side: a PassThrough's readable side is someone else's business.
    finished(output, { readable: false }, (error) => {
      if (!error && done) return settle(undefined, done);
      outputError ??= error ?? new Error('the PDF output closed early');
      if (done) settle(outputError);
      else send({ type: 'cancel' });
    });
    lease.lost.catch((error: Error) => {
      if (settled) return;
      // Nothing written yet: the caller can still answer with an error instead of a PDF.
      if (wrote && !output.destroyed) output.destroy(error);
      settle(error);
    });
    worker.on('message', receive);
    send(message);
  });
}
