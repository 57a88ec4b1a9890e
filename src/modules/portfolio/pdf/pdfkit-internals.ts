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
