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
  content: { buffer: Uint8Array[] };
}

/**
 * Joins the current page's content into one array. pdfkit keeps each line it writes as a typed
 * array of its own (two objects and a backing store for some 30 bytes), and with bufferPages every
 * page is kept until the end: 229 pages of the EPA pack held ~94,000 of them, ~30 MB of heap. The
 * bytes, and so the PDF, are the same.
 */
export function compactPageContent(pdf: PDFKit.PDFDocument): void {
  const page = (pdf as unknown as { page?: PageContent }).page;
  const chunks = page?.content.buffer;
  if (chunks && chunks.length > 1) page.content.buffer = [Buffer.concat(chunks)];
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
