import type * as PdfLib from 'pdf-lib';
import type { PDFDict, PDFObject, PDFPage, PDFStream } from 'pdf-lib';
import { notRendered } from './file-notes.js';
import { fill } from './format.js';
import type { OutlineItem } from './pdfkit-internals.js';
import type { PortfolioEvidence, PortfolioFile } from './portfolio-document.js';
import type { RenderContext } from './render-context.js';

/** A PDF evidence file appends at most this many pages (the whole file is attached). */
export const MAX_APPENDIX_PAGES = 40;

/**
 * pdf-lib, loaded with the first PDF evidence (openAppendix, before any page is drawn): loading
 * it cost every start of the service ~40 ms on the main thread, which renders no PDF by default.
 */
let lib: typeof PdfLib;

export interface PendingAppendix {
  reference: string;
  file: PortfolioFile;
  pages: PDFPage[];
}

/**
 * Reads a PDF file of the evidence (pdf-lib: plain JavaScript, no rendering) and says in the
 * evidence section that its pages follow; or says why they cannot. The pages themselves are
 * drawn after the section by drawAppendix.
 */
export async function openAppendix(
  ctx: RenderContext,
  evidence: PortfolioEvidence,
  file: PortfolioFile,
  bytes: Buffer,
): Promise<PendingAppendix | undefined> {
  lib ??= await import('pdf-lib');
  let pages: PDFPage[];
  try {
    const source = await lib.PDFDocument.load(bytes, {
      updateMetadata: false,
      throwOnInvalidObject: false,
    });
    pages = source.getPages();
  } catch (error) {
    // pdf-lib reads lazily: a broken page tree fails here, not at load.
    const message = error instanceof Error ? error.message : String(error);
    const encrypted = /encrypt/i.test(message);
    notRendered(ctx, encrypted ? 'it is encrypted' : `it could not be read as a PDF (${message})`);
    return undefined;
  }
  if (pages.length === 0) {
    notRendered(ctx, 'it has no pages');
    return undefined;
  }
  const { c, t } = ctx;
  const note = fill(t.text.evidenceFiles.appendixPending, { pages: pages.length });
  c.paragraph(note, c.style('italic', 'small', 'muted'));
  return { reference: evidence.reference, file, pages };
}

/**
 * The file's pages, each on a page of the portfolio (its running header and page numbers drawn
 * later, as on every page), scaled to the text column and turned as the page's /Rotate says. A
 * page is copied as a form XObject: its content and the resources it names, nothing else.
 */
export function drawAppendix(ctx: RenderContext, pending: PendingAppendix, parent: OutlineItem) {
  const { c, t } = ctx;
  const words = t.text.evidenceFiles;
  const { pages } = pending;
  const title = fill(words.appendix, { reference: pending.reference, name: pending.file.name });
  const copied = new Map<string, unknown>();
  const shown = Math.min(pages.length, MAX_APPENDIX_PAGES);
  for (let i = 0; i < shown; i++) {
    c.newPage(title);
    if (i === 0) parent.addItem(title, { left: c.pageWidth, top: c.y - 6 });
    const caption = fill(words.appendixPage, {
      name: pending.file.name,
      page: i + 1,
      pages: pages.length,
    });
    c.paragraph(caption, c.style('italic', 'small', 'muted'));
    if (i === shown - 1 && shown < pages.length) {
      c.paragraph(
        fill(words.appendixCut, { shown, total: pages.length }),
        c.style('italic', 'small', 'draft'),
      );
    }
    c.y += 4;
    try {
      drawPage(ctx, pages[i], copied);
    } catch (error) {
      notRendered(ctx, `this page could not be copied (${(error as Error).message})`);
    }
  }
}

function drawPage(ctx: RenderContext, page: PDFPage, copied: Map<string, unknown>): void {
  const { c, t } = ctx;
  const box = page.getCropBox();
  const rotation = ((page.getRotation().angle % 360) + 360) % 360;
  const turned = rotation === 90 || rotation === 270;
  const [dw, dh] = turned ? [box.height, box.width] : [box.width, box.height];
  const room = { w: c.width, h: c.bottom - c.y };
  const s = Math.min(room.w / dw, room.h / dh);
  const x = c.left + (room.w - dw * s) / 2;
  const y = c.y;
  const form = formOf(ctx, page, box, copied);
  const name = c.nextImageLabel().replace('Png', 'Page');
  (c.pdf.page as unknown as { xobjects: Record<string, unknown> }).xobjects[name] = form;
  // Source space → the turned page with its corner at 0,0 (y up) → this page (y down).
  const { x: x0, y: y0, width: w, height: h } = box;
  const turn: Record<number, number[]> = {
    0: [1, 0, 0, 1, -x0, -y0],
    90: [0, -1, 1, 0, -y0, w + x0],
    180: [-1, 0, 0, -1, w + x0, h + y0],
    270: [0, 1, -1, 0, h + y0, -x0],
  };
  const m1 = turn[rotation] ?? turn[0];
  const m2 = [s, 0, 0, -s, x, y + dh * s];
  const fmt = (m: number[]) => m.map((n) => Number(n.toFixed(4))).join(' ');
  c.pdf.addContent(`q ${fmt(m2)} cm ${fmt(m1)} cm /${name} Do Q`);
  c.rect(x, y, dw * s, dh * s, undefined, t.colours.rule);
  c.y += dh * s;
}

/** pdfkit's PDFReference, as far as copying needs it. */
interface KitRef {
  data: Record<string, unknown>;
  compress: boolean;
  end(chunk?: Buffer): void;
}

type Box = { x: number; y: number; width: number; height: number };

function formOf(ctx: RenderContext, page: PDFPage, box: Box, copied: Map<string, unknown>) {
  const { c } = ctx;
  const contents = page.node.Contents();
  const streams =
    contents instanceof lib.PDFArray
      ? contents.asArray().map((item) => page.doc.context.lookup(item))
      : [contents];
  const parts = streams
    .filter((s): s is PDFStream => s instanceof lib.PDFStream)
    .map((s) =>
      s instanceof lib.PDFRawStream ? lib.decodePDFRawStream(s).decode() : s.getContents(),
    );
  const resources = page.node.Resources();
  const form = c.pdf.ref({
    Type: 'XObject',
    Subtype: 'Form',
    BBox: [box.x, box.y, box.x + box.width, box.y + box.height],
    Resources: resources ? copy(ctx, page, resources, copied) : {},
  });
  // Each content stream ends where the next starts: a line break keeps their operators apart.
  form.end(Buffer.concat(parts.flatMap((p) => [Buffer.from(p), Buffer.from('\n')])));
  return form;
}

/** A pdf-lib object as pdfkit writes it; indirect objects copied once each, streams as they are. */
function copy(
  ctx: RenderContext,
  page: PDFPage,
  value: PDFObject,
  copied: Map<string, unknown>,
): unknown {
  const again = (v: PDFObject) => copy(ctx, page, v, copied);
  if (value instanceof lib.PDFRef) {
    const key = value.toString();
    if (copied.has(key)) return copied.get(key);
    const target = page.doc.context.lookup(value);
    if (!target) return null;
    const isDict = target instanceof lib.PDFDict && !(target instanceof lib.PDFStream);
    if (!(target instanceof lib.PDFStream) && !isDict) {
      const direct = again(target);
      copied.set(key, direct);
      return direct;
    }
    const ref = ctx.c.pdf.ref({}) as unknown as KitRef;
    copied.set(key, ref);
    const dict = target instanceof lib.PDFStream ? target.dict : target;
    let contents: Buffer | undefined;
    try {
      Object.assign(ref.data, dictOf(dict, again, target instanceof lib.PDFStream));
      // Already encoded bytes go out as they are; pdfkit compresses only what has no filter.
      if (ref.data.Filter) ref.compress = false;
      if (target instanceof lib.PDFStream) contents = Buffer.from(target.getContents());
    } finally {
      // pdfkit finishes the file only once every object it handed out has ended: always end it
      // (a page that fails to copy is left undrawn, its objects unused).
      ref.end(contents);
    }
    return ref;
  }
  if (value instanceof lib.PDFStream) return null; // streams are always indirect
  if (value instanceof lib.PDFDict) return dictOf(value, again, false);
  if (value instanceof lib.PDFArray) return value.asArray().map(again);
  if (value instanceof lib.PDFName) return value.asString().slice(1);
  if (value instanceof lib.PDFNumber) return value.asNumber();
  if (value instanceof lib.PDFString || value instanceof lib.PDFHexString) return value.asBytes();
  if (value instanceof lib.PDFBool) return value.asBoolean();
  if (value === lib.PDFNull) return null;
  return null;
}

/** Page-tree links are left out: a resource naming its page must not drag the whole file in. */
const SKIPPED = new Set(['Parent', 'P', 'StructParent', 'StructParents', 'Annots', 'Metadata']);

function dictOf(dict: PDFDict, again: (v: PDFObject) => unknown, stream: boolean) {
  const out: Record<string, unknown> = {};
  if (dict.get(lib.PDFName.of('Type')) === lib.PDFName.of('Page')) return out;
  for (const [key, value] of dict.entries()) {
    const name = key.asString().slice(1);
    // pdfkit counts a stream's Length itself as it writes the bytes.
    if (SKIPPED.has(name) || (stream && name === 'Length')) continue;
    out[name] = again(value);
  }
  return out;
}
