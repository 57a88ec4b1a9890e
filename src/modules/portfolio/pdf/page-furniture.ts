import { fill } from './format.js';
import type { RenderContext } from './render-context.js';

/**
 * Header, footer and (for a draft) the watermark on every page, drawn once all pages exist so the
 * footer can say "page X of Y". Drawn by position, never through the flow, so nothing in the
 * margins can start a new page.
 */
export function drawPageFurniture(ctx: RenderContext): void {
  const { c } = ctx;
  const { start, count } = c.pdf.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    c.pdf.switchToPage(i);
    drawHeader(ctx, i + 1);
    drawFooter(ctx, i + 1, count);
    if (ctx.doc.kind === 'draft') drawWatermark(ctx);
  }
}

function drawHeader(ctx: RenderContext, page: number): void {
  const { c, t, doc } = ctx;
  const small = c.style('regular', 'small', 'muted');
  const top = t.page.margins.top - 34;
  const half = c.width / 2 - 6;
  if (doc.kind === 'draft') {
    c.label(t.text.draftBanner, c.left, top, c.style('bold', 'small', 'draft'), { width: half });
  } else {
    c.label(t.text.kind.gateway, c.left, top, small, { width: half });
  }
  const title = c.titleOf(page);
  const right = title ? `${doc.apprentice.name} · ${title}` : doc.apprentice.name;
  c.label(right, c.left + c.width - half, top, small, { align: 'right', width: half });
  c.rule(t.page.margins.top - 16);
}

function drawFooter(ctx: RenderContext, page: number, pages: number): void {
  const { c, t } = ctx;
  const small = c.style('regular', 'small', 'muted');
  c.rule(c.bottom + 14);
  const top = c.bottom + 19;
  const number = fill(t.text.pageNumber, { page, pages });
  const numberWidth = c.text.width(number, small);
  c.label(number, c.left, top, small, { align: 'right', width: c.width });
  c.label(fill(t.text.footer, ctx.vars), c.left, top, small, { width: c.width - numberWidth - 12 });
}

function drawWatermark(ctx: RenderContext): void {
  const { c, t } = ctx;
  const style = { font: 'bold' as const, size: 140, colour: t.colours.draft };
  const cx = c.pageWidth / 2;
  const cy = c.pageHeight / 2;
  const line = c.text.fit(t.text.watermark, style, c.pageHeight);
  c.pdf.save();
  c.pdf.rotate(-54, { origin: [cx, cy] }).fillOpacity(0.08);
  c.drawLine(line, cx - line.width / 2, cy - c.lineHeight(style) / 2, style);
  c.pdf.restore();
}
