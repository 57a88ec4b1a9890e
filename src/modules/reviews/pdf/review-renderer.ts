import { createHash } from 'node:crypto';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Canvas } from '../../portfolio/pdf/canvas.js';
import { FontBook } from '../../portfolio/pdf/font-book.js';
import { fill } from '../../portfolio/pdf/format.js';
import type { PortfolioTemplate } from '../../portfolio/pdf/portfolio-template.js';
import type { DrawingContext } from '../../portfolio/pdf/render-context.js';
import { internals } from '../../portfolio/pdf/pdfkit-internals.js';
import type { ReviewDocument } from './review-document.js';
import { drawReview } from './review-sections.js';

/** Bumped when a change here changes the output (it feeds the PDF /ID). */
const REVIEW_RENDERER_VERSION = '1';

/**
 * A signed progress review as an A4 PDF, drawn with the portfolio's template: its page, fonts
 * (any script), sizes, colours, dates, tables and headings. A few pages of text and no images,
 * so it is drawn here rather than in the portfolio's worker pool, whose protocol carries a
 * portfolio and its images.
 */
export async function renderReview(
  doc: ReviewDocument,
  t: PortfolioTemplate,
  output: Writable,
): Promise<void> {
  const words = t.text.progressReviews;
  const vars = {
    number: doc.review.number,
    apprentice: doc.apprentice.name,
    standardCode: doc.standard.code,
    standardTitle: doc.standard.title,
    standardVersion: doc.standard.version,
  };
  const { default: PDFDocument } = await import('pdfkit');
  await FontBook.preload(t);
  const date = new Date(doc.generatedAt);
  const pdf = new PDFDocument({
    size: t.page.size,
    margins: t.page.margins,
    bufferPages: true,
    pdfVersion: '1.7',
    lang: t.language,
    displayTitle: true,
    info: {
      Title: fill(words.documentTitle, vars),
      Author: doc.provider.name,
      Subject: fill(words.title, vars),
      Creator: 'ksb-portfolio',
      CreationDate: date,
      ModDate: date,
    },
  });
  internals(pdf)._id = new Uint8Array(
    createHash('sha256')
      .update(REVIEW_RENDERER_VERSION)
      .update(JSON.stringify(t))
      .update(JSON.stringify(doc))
      .digest()
      .subarray(0, 16),
  );
  const written = pipeline(pdf, output);
  const c = new Canvas(pdf, await FontBook.register(pdf, t), t);
  drawReview({ c, t }, doc);
  drawFurniture({ c, t }, doc, fill(words.title, vars), fill(words.footer, vars));
  pdf.end();
  await written;
}

/** Header and "page X of Y" footer on every page, by position once all pages exist. */
function drawFurniture(
  ctx: DrawingContext,
  doc: ReviewDocument,
  title: string,
  footer: string,
): void {
  const { c, t } = ctx;
  const small = c.style('regular', 'small', 'muted');
  const { start, count } = c.pdf.bufferedPageRange();
  const half = c.width / 2 - 6;
  for (let i = start; i < start + count; i++) {
    c.pdf.switchToPage(i);
    const top = t.page.margins.top - 34;
    c.label(title, c.left, top, small, { width: half });
    c.label(doc.apprentice.name, c.left + c.width - half, top, small, {
      align: 'right',
      width: half,
    });
    c.rule(t.page.margins.top - 16);
    c.rule(c.bottom + 14);
    const number = fill(t.text.pageNumber, { page: i + 1, pages: count });
    const numberWidth = c.text.width(number, small);
    c.label(number, c.left, c.bottom + 19, small, { align: 'right', width: c.width });
    c.label(footer, c.left, c.bottom + 19, small, { width: c.width - numberWidth - 12 });
  }
}
