import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type PDFDocument from 'pdfkit';
import { Canvas } from './canvas.js';
import { drawContents } from './contents-section.js';
import { drawCover } from './cover-section.js';
import { drawCoverage } from './coverage-section.js';
import { drawCriteria } from './criteria-section.js';
import { drawDeclarations } from './declarations-section.js';
import { drawEvidenceIndex, drawEvidenceSections } from './evidence-section.js';
import { FontBook } from './font-book.js';
import { fill } from './format.js';
import { drawMatrix } from './matrix-section.js';
import { drawOtj } from './otj-section.js';
import { drawPageFurniture } from './page-furniture.js';
import { drawProgressReviews } from './progress-reviews-section.js';
import { internals, outlineRoot } from './pdfkit-internals.js';
import { checkPortfolioDocument, type PortfolioDocument } from './portfolio-document.js';
import type { PortfolioTemplate } from './portfolio-template.js';
import {
  createContext,
  DEFAULT_RENDER_OPTIONS,
  type RenderOptions,
  templateVars,
} from './render-context.js';

/** Bumped when a change to the renderer changes its output, so the PDF /ID changes with it. */
export const RENDERER_VERSION = '6';

export class PortfolioDocumentError extends Error {}

export interface RenderResult {
  pages: number;
  /**
   * The MD5 (hex) of each attached file the document gave none for, by the file's SHA-256: for
   * the service to keep (evidence_files.md5), so that no later rendering hashes the file again.
   */
  checksums: Record<string, string>;
}

// pdfkit (with fontkit and its Unicode tables) takes ~0.2 s to import: load it with the first
// PDF, not at every start of a service that may never render one.
let pdfkit: Promise<typeof PDFDocument> | undefined;
const loadPdfKit = () => (pdfkit ??= import('pdfkit').then((m) => m.default));

/**
 * The objects of one rendering kept for the thread's life (see `holdObjects`): its context, and
 * through it the canvas, the PDF document, the fonts and their subsets.
 */
const held: { rendering?: object } = {};

/** Unread PDF bytes allowed to queue before rendering waits for the reader (images are large). */
const HIGH_WATER = 8 * 1024 * 1024;

/**
 * Streams the portfolio as a PDF into `output` and resolves once it has all been written. An
 * invalid document is refused before anything is written (PortfolioDocumentError, `output`
 * untouched); a failure once writing has started rejects and destroys `output`. The same document
 * and template always give the same bytes.
 *
 * Images and fonts go out as soon as they are drawn; only the pages' own content (a few KB each)
 * is held back until the end, because the footers' "page X of Y", the contents and the index need
 * page numbers that are only known once everything is laid out.
 *
 * `holdObjects` (a PDF worker's warm-up): this rendering's objects stay alive for as long as the
 * thread does, about a megabyte once it has ended. V8 gives objects hidden classes ("maps") that
 * live only while some object has them, and the renderer's optimised code is compiled against
 * them. Once every object of a PDF is garbage, the next full collection (the worker's release of
 * its heap when idle, or V8's own) drops those maps and with them the code ("weak objects"), so
 * every PDF compiled much of the renderer again on V8's helper threads. Objects made as the
 * warm-up's were get the warm-up's maps, which now live on. pdf-workers bench, three PDFs one
 * after another: 125 optimising compilations (0.87 s of compiling) before, 74–82 (0.63–0.77 s)
 * after; the service's CPU per PDF 0.76–0.88 s before, 0.68–0.77 s after (alternating runs). What
 * is still compiled again is mostly made after drawing (font subsets as they are embedded).
 */
export async function renderPortfolio(
  doc: PortfolioDocument,
  template: PortfolioTemplate,
  output: Writable,
  options: RenderOptions = DEFAULT_RENDER_OPTIONS,
  { holdObjects = false } = {},
): Promise<RenderResult> {
  const problems = checkPortfolioDocument(doc);
  if (problems.length > 0) {
    // Nothing written yet: the caller can still answer with an error instead of a PDF.
    throw new PortfolioDocumentError(`invalid portfolio document:\n  ${problems.join('\n  ')}`);
  }
  const [PDFKitDocument] = await Promise.all([loadPdfKit(), FontBook.preload(template)]);
  const pdf = createPdf(PDFKitDocument, doc, template);
  const written = pipeline(pdf, coalesce(), output).then(
    () => undefined,
    (error: Error) => error,
  );
  const drawn = await draw(pdf, doc, template, options, holdObjects).catch(
    async (error: unknown) => {
      pdf.destroy(error as Error);
      await written;
      throw error;
    },
  );
  pdf.end();
  const failure = await written;
  if (failure) throw failure;
  return drawn;
}

function createPdf(
  PDFKitDocument: typeof PDFDocument,
  doc: PortfolioDocument,
  template: PortfolioTemplate,
): PDFKit.PDFDocument {
  const vars = templateVars(doc, template);
  const date = new Date(doc.generatedAt);
  const pdf = new PDFKitDocument({
    size: template.page.size,
    margins: template.page.margins,
    bufferPages: true,
    pdfVersion: '1.7',
    lang: template.language,
    displayTitle: true,
    info: {
      Title: fill(template.text.documentTitle, vars),
      Author: doc.apprentice.name,
      Subject: fill(template.text.subject, vars),
      Keywords: fill(template.text.keywords, vars),
      Creator: 'ksb-portfolio',
      CreationDate: date,
      ModDate: date,
    },
  });
  internals(pdf)._id = documentId(doc, template);
  return pdf;
}

/**
 * pdfkit's /ID is an MD5 of the Info dictionary, so two portfolios of one apprentice rendered at
 * the same time would share it. Derive it from everything that determines the output instead;
 * image bytes are covered by each file's SHA-256, and so is a page copy, made from them: its
 * loader is left out, so a document with or without one has the same /ID (and the same bytes).
 */
export function documentId(doc: PortfolioDocument, template: PortfolioTemplate): Uint8Array {
  const hash = createHash('sha256');
  hash.update(RENDERER_VERSION);
  hash.update(JSON.stringify(template));
  hash.update(
    JSON.stringify(doc, (key, value: unknown) =>
      key === 'pageCopy' ? undefined : typeof value === 'function' ? true : value,
    ),
  );
  return new Uint8Array(hash.digest().subarray(0, 16));
}

async function draw(
  pdf: PDFKit.PDFDocument,
  doc: PortfolioDocument,
  template: PortfolioTemplate,
  options: RenderOptions,
  holdObjects: boolean,
): Promise<RenderResult> {
  const fonts = await FontBook.register(pdf, template);
  const canvas = new Canvas(pdf, fonts, template);
  const ctx = createContext(doc, template, canvas, outlineRoot(pdf), options);
  if (holdObjects) held.rendering = ctx;
  // Layout is synchronous work; between sections (and evidence) other requests get their turn.
  for (const section of [drawCover, drawContents, drawCoverage, drawCriteria, drawMatrix]) {
    section(ctx);
    await relieve(pdf);
  }
  drawEvidenceIndex(ctx);
  await drawEvidenceSections(ctx, () => relieve(pdf));
  drawOtj(ctx);
  if (doc.progressReviews) drawProgressReviews(ctx, doc.progressReviews);
  drawDeclarations(ctx);
  await relieve(pdf);
  canvas.fillPageRefs();
  drawPageFurniture(ctx);
  return { pages: pdf.bufferedPageRange().count, checksums: Object.fromEntries(ctx.checksums) };
}

/** Waits while the reader is behind; fails fast if the stream was torn down (reader gone). */
async function relieve(pdf: PDFKit.PDFDocument): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  while (pdf.readableLength > HIGH_WATER && !pdf.destroyed) {
    const stop = new AbortController();
    const { signal } = stop;
    await Promise.race([once(pdf, 'data', { signal }), once(pdf, 'close', { signal })]).finally(
      () => stop.abort(),
    );
  }
  if (pdf.destroyed) throw new Error('PDF stream closed before rendering finished');
}

/**
 * pdfkit pushes every line of the file as its own small chunk; written one by one that is tens of
 * thousands of writes to a file or socket. Gathers them into chunks of about 64 KB.
 */
function coalesce(size = 64 * 1024): Transform {
  let pending: Buffer[] = [];
  let length = 0;
  const take = () => {
    const chunk = Buffer.concat(pending, length);
    pending = [];
    length = 0;
    return chunk;
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (chunk.length >= size) {
        // Image data: passed on as it is, not copied again.
        if (length > 0) this.push(take());
        done(null, chunk);
        return;
      }
      pending.push(chunk);
      length += chunk.length;
      done(null, length >= size ? take() : undefined);
    },
    flush(done) {
      done(null, length > 0 ? take() : undefined);
    },
  });
}
