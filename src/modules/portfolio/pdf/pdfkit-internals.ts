/**
 * The few pdfkit 0.20 members the renderer needs that @types/pdfkit does not declare. Kept in one
 * place so an upgrade that changes them breaks here, visibly (the unit tests cover each use).
 */

/** The fontkit font behind an embedded pdfkit font. */
export interface FontkitFont {
  hasGlyphForCodePoint(codePoint: number): boolean;
}

/** pdfkit's EmbeddedFont: metrics are in 1/1000 em. */
export interface EmbeddedFont {
  font: FontkitFont;
  ascender: number;
  descender: number;
  widthOfString(text: string, size: number): number;
  /** Shaped runs by text; pdfkit creates one per font per PDF. */
  layoutCache?: object;
}

/** What pdfkit's openImage returns (JPEG or PNG); png-image.ts's images fit it too. */
export interface OpenedImage {
  width: number;
  height: number;
  /** EXIF orientation of a JPEG; 5–8 swap width and height when drawn. */
  orientation?: number;
}

interface Internals {
  /** The current font, as set by `font()`. */
  _font: EmbeddedFont;
  /** The trailer /ID; pdfkit derives it from the Info dictionary in its constructor. */
  _id: Uint8Array;
  openImage(src: Buffer): OpenedImage;
}

export function internals(pdf: PDFKit.PDFDocument): Internals {
  return pdf as unknown as Internals;
}

/** The current page's content stream: every operator line pdfkit wrote, one array each. */
interface PageContent {
  content: ContentStream;
}

/** pdfkit's PDFReference as a page's content stream uses it. */
interface ContentStream {
  buffer: Uint8Array[];
  write(chunk: unknown): void;
  finalize(): void;
  /** Set by batchPageOperators: turns the operators written as text so far into bytes. */
  flushOperators?: () => void;
}

const pageOf = (pdf: PDFKit.PDFDocument) => (pdf as unknown as { page?: PageContent }).page;

/**
 * Makes every page of `pdf` (the current one and each added later) keep the operators pdfkit
 * writes to its content stream ("BT", "1 0 0 1 72 700 cm", …) as text, and turn them into bytes
 * in one go (latin1, as pdfkit's own conversion) when bytes follow, when the page is compacted and
 * when the stream ends. pdfkit makes a typed array of each operator line in a JavaScript loop:
 * about 15% of a portfolio's rendering time went there and to joining them again. The bytes, and
 * so the PDF, are the same.
 */
export function batchPageOperators(pdf: PDFKit.PDFDocument): void {
  const batch = () => {
    const content = pageOf(pdf)?.content;
    if (!content || content.flushOperators) return;
    const write = content.write.bind(content);
    const finalize = content.finalize.bind(content);
    const pending: string[] = [];
    const flush = () => {
      if (pending.length === 0) return;
      const text = `${pending.join('\n')}\n`;
      pending.length = 0;
      write(Buffer.from(text, 'latin1'));
    };
    content.flushOperators = flush;
    content.write = (chunk: unknown) => {
      if (typeof chunk === 'string') return void pending.push(chunk);
      flush();
      write(chunk);
    };
    content.finalize = () => {
      flush();
      finalize();
    };
  };
  batch();
  pdf.on('pageAdded', batch);
}

/**
 * Joins the current page's content into one array, operators still held as text (see
 * batchPageOperators) included. Left to itself pdfkit keeps each line it writes as a typed array
 * of its own (two objects and a backing store for some 30 bytes), and with bufferPages every page
 * is kept until the end: 229 pages of the EPA pack held ~94,000 of them, ~30 MB of heap. The
 * bytes, and so the PDF, are the same.
 */
export function compactPageContent(pdf: PDFKit.PDFDocument): void {
  const page = pageOf(pdf);
  page?.content.flushOperators?.();
  const chunks = page?.content.buffer;
  if (chunks && chunks.length > 1) page.content.buffer = [Buffer.concat(chunks)];
}

/** pdfkit's PDFReference as a stream object the renderer ends itself (endStreamAsIs). */
export interface StreamRef {
  data: Record<string, unknown>;
  buffer: unknown[];
  compress: boolean;
  end(): void;
}

/**
 * Ends `ref` as a stream object holding `bytes`, handed on as they are: the same bytes in the PDF
 * as pdfkit's `ref.end(bytes)` writes (dictionary, `stream`, the data, `endstream`), without the
 * copy pdfkit's end makes first (it joins a stream's chunks into a new array even when there is
 * one). Nothing may have been written to `ref` before. The caller gives up `bytes`: written as
 * they are, a PDF worker hands them to the main thread, and they are gone from its own.
 */
export function endStreamAsIs(pdf: PDFKit.PDFDocument, ref: StreamRef, bytes: Uint8Array): void {
  if (ref.buffer.length > 0) throw new Error('endStreamAsIs: the stream was written to already');
  const kit = pdf as unknown as { _write(data: unknown): void };
  const own = Object.prototype.hasOwnProperty.call(kit, '_write');
  const write = kit._write;
  ref.compress = false;
  ref.data.Length = bytes.length;
  // pdfkit writes an empty reference as its dictionary and `endobj`: the data goes in between.
  kit._write = (data: unknown) => {
    if (data === 'endobj') {
      write.call(kit, 'stream');
      write.call(kit, bytes);
      write.call(kit, '\nendstream');
    }
    write.call(kit, data);
  };
  try {
    ref.end();
  } finally {
    if (own) kit._write = write;
    else delete (kit as Partial<typeof kit>)._write;
  }
}

export interface OutlineItem {
  addItem(title: string, options?: OutlineOptions): OutlineItem;
}

/**
 * pdfkit computes an outline destination's left as `pageWidth - left`, so `left: pageWidth`
 * lands on the left edge, and its top as `pageHeight - top`, so `top` is measured from the top.
 */
export interface OutlineOptions {
  expanded?: boolean;
  left?: number;
  top?: number;
}

export function outlineRoot(pdf: PDFKit.PDFDocument): OutlineItem {
  return pdf.outline;
}
