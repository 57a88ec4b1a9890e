import type { FontBook, FontStyle } from './font-book.js';
import type { PortfolioTemplate } from './portfolio-template.js';
import { batchPageOperators, compactPageContent } from './pdfkit-internals.js';
import { type Line, TextLayout, type TextStyle } from './text-layout.js';

export type Align = 'left' | 'right' | 'center';

interface PageRef {
  key: string;
  page: number;
  x: number;
  top: number;
  width: number;
  style: TextStyle;
}

/**
 * The page flow: a cursor `y` on the current page, page breaks when content would cross the bottom
 * margin, text drawn line by line with per-run fonts, and forward references (a page number that is
 * only known once the target has been laid out) filled in when all pages exist.
 */
export class Canvas {
  readonly text: TextLayout;
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly bottom: number;
  readonly pageWidth: number;
  readonly pageHeight: number;
  y = 0;
  private readonly anchors = new Map<string, number>();
  private readonly refs: PageRef[] = [];
  private images = 0;
  /** What each page belongs to ("E3 Title", "Evidence index"), for its running header. */
  private readonly pageTitles: string[] = [];
  runningTitle = '';

  constructor(
    readonly pdf: PDFKit.PDFDocument,
    readonly fonts: FontBook,
    readonly template: PortfolioTemplate,
  ) {
    this.text = new TextLayout(fonts);
    batchPageOperators(pdf);
    const { margins } = template.page;
    this.pageWidth = pdf.page.width;
    this.pageHeight = pdf.page.height;
    this.left = margins.left;
    this.top = margins.top;
    this.width = this.pageWidth - margins.left - margins.right;
    this.bottom = this.pageHeight - margins.bottom;
    this.y = this.top;
  }

  /** 1-based number of the current page. */
  get page(): number {
    return this.pdf.bufferedPageRange().count;
  }

  style(font: FontStyle, size: keyof PortfolioTemplate['sizes'], colour = 'text'): TextStyle {
    const colours = this.template.colours as unknown as Record<string, string>;
    return { font, size: this.template.sizes[size], colour: colours[colour] ?? colour };
  }

  lineHeight(style: TextStyle): number {
    return style.size * this.template.sizes.lineHeight;
  }

  newPage(runningTitle = this.runningTitle): void {
    // The page just left waits for its furniture until the end (bufferPages): kept as one array.
    if (this.page > 0) compactPageContent(this.pdf);
    this.pdf.addPage();
    this.y = this.top;
    this.runningTitle = runningTitle;
    this.pageTitles[this.page - 1] = runningTitle;
  }

  /** The running title of a page (1-based). */
  titleOf(page: number): string {
    return this.pageTitles[page - 1] ?? '';
  }

  /** Starts a new page unless `height` still fits below the cursor. */
  ensure(height: number): boolean {
    if (this.y + height <= this.bottom + 0.01) return false;
    this.newPage();
    return true;
  }

  heightOf(text: string, style: TextStyle, width = this.width): number {
    return this.text.lines(text, style, width).length * this.lineHeight(style);
  }

  /** Distance from a line box's top to its baseline. */
  baseline(style: TextStyle): number {
    return this.lineHeight(style) / 2 + style.size * 0.35;
  }

  /** Draws one laid-out line whose box starts at `top`. */
  drawLine(line: Line, x: number, top: number, style: TextStyle, opts: LineOptions = {}): void {
    const { align = 'left', width = line.width, link } = opts;
    let cx = align === 'right' ? x + width - line.width : x;
    if (align === 'center') cx = x + (width - line.width) / 2;
    const lh = this.lineHeight(style);
    // Baselines line up across fonts; the x-height sits in the middle of the line box.
    const baseline = top + this.baseline(style);
    this.pdf.fillColor(style.colour);
    for (const piece of line.pieces) {
      this.pdf.font(piece.font).fontSize(style.size);
      this.pdf.text(piece.text, cx, baseline, { lineBreak: false, baseline: 'alphabetic' });
      cx += piece.width;
    }
    if (link) {
      const start = cx - line.width;
      this.pdf.link(start, top, line.width, lh, link);
      this.pdf
        .moveTo(start, baseline + 1.5)
        .lineTo(cx, baseline + 1.5)
        .lineWidth(0.4)
        .strokeColor(style.colour)
        .stroke();
    }
  }

  /** Text at a fixed position, on one line (cut with … if `width` is given and it is too long). */
  label(text: string, x: number, top: number, style: TextStyle, opts: LineOptions = {}): number {
    const line = opts.width
      ? this.text.fit(text, style, opts.width)
      : this.text.lines(text.replace(/\n/g, ' '), style, Infinity)[0];
    this.drawLine(line, x, top, style, opts);
    return line.width;
  }

  /** Wrapped text at a fixed position without page breaks; returns its height. */
  block(text: string, x: number, top: number, width: number, style: TextStyle): number {
    const lines = this.text.lines(text, style, width);
    lines.forEach((line, i) => this.drawLine(line, x, top + i * this.lineHeight(style), style));
    return lines.length * this.lineHeight(style);
  }

  /**
   * Wrapped text in the flow, breaking pages between lines. `decorate` is called with each line's
   * box (e.g. to draw a side bar that follows the text onto the next page).
   */
  paragraph(text: string, style: TextStyle, opts: ParagraphOptions = {}): void {
    const x = this.left + (opts.indent ?? 0);
    const width = opts.width ?? this.width - (opts.indent ?? 0);
    const lh = this.lineHeight(style);
    for (const line of this.text.lines(text, style, width)) {
      this.ensure(lh);
      opts.decorate?.(this.y, lh);
      this.drawLine(line, x, this.y, style, { link: opts.link });
      this.y += lh;
    }
  }

  /** Records where `key` is (for page references, contents links and the index). */
  anchor(key: string): void {
    this.anchors.set(key, this.page);
    this.pdf.addNamedDestination(key, 'XYZ', null, this.y - 6, null);
  }

  /** A page number that is filled in once `key` has been anchored. */
  pageRef(key: string, x: number, top: number, width: number, style: TextStyle): void {
    this.refs.push({ key, page: this.page, x, top, width, style });
  }

  fillPageRefs(): void {
    for (const ref of this.refs) {
      const page = this.anchors.get(ref.key);
      if (page === undefined)
        throw new Error(`page reference to ${ref.key}, which was never drawn`);
      this.pdf.switchToPage(ref.page - 1);
      this.label(String(page), ref.x, ref.top, ref.style, { align: 'right', width: ref.width });
    }
  }

  /** A name for an image XObject that cannot clash with pdfkit's own (I1, I2, …). */
  nextImageLabel(): string {
    this.images += 1;
    return `Png${this.images}`;
  }

  rect(x: number, y: number, w: number, h: number, fill?: string, stroke?: string): void {
    this.pdf.rect(x, y, w, h);
    if (fill && stroke) this.pdf.lineWidth(0.5).fillAndStroke(fill, stroke);
    else if (fill) this.pdf.fill(fill);
    else if (stroke) this.pdf.lineWidth(0.5).stroke(stroke);
  }

  rule(y = this.y, colour = this.template.colours.rule): void {
    this.pdf
      .moveTo(this.left, y)
      .lineTo(this.left + this.width, y)
      .lineWidth(0.5)
      .strokeColor(colour)
      .stroke();
  }
}

export interface LineOptions {
  align?: Align;
  /** The box to align in (and, for `label`, to cut to). */
  width?: number;
  link?: string;
}

export interface ParagraphOptions {
  indent?: number;
  width?: number;
  link?: string;
  decorate?: (top: number, height: number) => void;
}
