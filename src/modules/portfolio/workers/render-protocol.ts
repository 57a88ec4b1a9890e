/**
 * What the main thread and a PDF worker say to each other. A document crosses as plain data:
 * each loader (a file's bytes, an image's page copy) becomes its index, and the worker asks for
 * it (one at a time, as the renderer always has) while it draws; the main thread reads it through
 * FileStorage. A page copy may come back as the reason the image is not shown instead of bytes.
 */
import type {
  PortfolioDocument,
  PortfolioEvidence,
  PortfolioFile,
} from '../pdf/portfolio-document.js';
import type { PortfolioTemplate } from '../pdf/portfolio-template.js';
import type { RenderOptions } from '../pdf/render-context.js';

export type WireFile = Omit<PortfolioFile, 'image' | 'read' | 'pageCopy'> & {
  image?: number;
  read?: number;
  pageCopy?: number;
};
export type WireDocument = Omit<PortfolioDocument, 'evidence'> & {
  evidence: (Omit<PortfolioEvidence, 'files'> & { files: WireFile[] })[];
};

/** An error as it crosses the thread boundary (the properties the error mappers read). */
export interface WireError {
  name: string;
  message: string;
  stack?: string;
  code?: string;
  syscall?: string;
}

export type ToWorker =
  | { type: 'render'; doc: WireDocument; template: PortfolioTemplate; options: RenderOptions }
  | { type: 'image'; seq: number; bytes?: Uint8Array; unavailable?: string }
  | { type: 'ack'; bytes: number }
  | { type: 'cancel' };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'image'; seq: number; index: number }
  | { type: 'chunk'; bytes: Uint8Array }
  | { type: 'done'; pages: number; checksums: Record<string, string> }
  | { type: 'failed'; error: WireError; outputDestroyed: boolean };

/** How much lower than the rest of the service a PDF worker's thread runs (a nice value). */
export const RENDER_NICENESS = 10;

/** PDF bytes the worker may send before the main thread has written them on. */
export const UNACKNOWLEDGED_BYTES = 4 * 1024 * 1024;

/** What the worker may ask the main thread for: bytes, or a page copy (bytes or why not). */
export type WireLoader = () => Promise<Buffer | LoadedImage> | Buffer;
export type LoadedImage = { bytes: Buffer } | { unavailable: string };

/**
 * The document with each loader replaced by its index in `loaders`. Keys keep their order,
 * so the worker's document serialises exactly as this one does (the PDF's /ID hashes it).
 */
export function toWire(doc: PortfolioDocument): { wire: WireDocument; loaders: WireLoader[] } {
  const loaders: WireLoader[] = [];
  const indexOf = (loader?: WireLoader) => {
    if (!loader) return undefined;
    loaders.push(loader);
    return loaders.length - 1;
  };
  const wire: WireDocument = {
    ...doc,
    evidence: doc.evidence.map((e) => ({
      ...e,
      files: e.files.map((file) => ({
        ...file,
        image: indexOf(file.image),
        read: indexOf(file.read),
        pageCopy: indexOf(file.pageCopy),
      })),
    })),
  };
  return { wire, loaders };
}

/** The worker's side of `toWire`: indexes become loaders again, in place. */
export function fromWire(
  wire: WireDocument,
  load: (index: number) => Promise<LoadedImage>,
): PortfolioDocument {
  const bytesOf = async (index: number) => {
    const loaded = await load(index);
    if ('bytes' in loaded) return loaded.bytes;
    throw new Error(loaded.unavailable);
  };
  for (const e of wire.evidence) {
    for (const file of e.files) {
      const { image, read, pageCopy } = file;
      const doc = file as PortfolioFile;
      if (typeof image === 'number') doc.image = () => bytesOf(image);
      if (typeof read === 'number') doc.read = () => bytesOf(read);
      if (typeof pageCopy === 'number') doc.pageCopy = () => load(pageCopy);
    }
  }
  return wire as PortfolioDocument;
}

export function toWireError(error: unknown): WireError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const { code, syscall } = error as { code?: unknown; syscall?: unknown };
  return {
    name: error.name,
    message: error.message,
    stack: error.stack,
    ...(typeof code === 'string' ? { code } : {}),
    ...(typeof syscall === 'string' ? { syscall } : {}),
  };
}
