import { statusColour } from './coverage-section.js';
import { fill } from './format.js';
import { type PortfolioCriterion, type PortfolioEvidence } from './portfolio-document.js';
import { COVERAGE_STATUSES, CRITERION_KINDS } from '../../../common/vocabulary.js';
import type { TagStatus } from '../../../common/vocabulary.js';
import { evidenceKey, type RenderContext, startSection } from './render-context.js';

const LABEL_WIDTH = 46;
const ROW = 11;
const HEADER = 16;
const MIN_COLUMN = 15;
const MAX_COLUMN = 26;

type Item = { band: string } | { criterion: PortfolioCriterion };

/**
 * Criteria as rows, evidence as columns, one mark per tag. When there are more columns than fit
 * across, the evidence is split into balanced blocks; each block runs down all criteria over as
 * many pages as it needs, every page with its header row and the range it shows.
 */
export function drawMatrix(ctx: RenderContext): void {
  const { c, t, doc } = ctx;
  if (doc.evidence.length === 0) {
    startSection(ctx, 'matrix', t.text.sections.matrix);
    c.paragraph(t.text.labels.noEvidence, c.style('italic', 'body', 'muted'));
    return;
  }
  const refStyle = c.style('bold', 'tiny');
  const widest = Math.max(0, ...doc.evidence.map((e) => c.text.width(e.reference, refStyle)));
  const minColumn = Math.max(MIN_COLUMN, widest + 4);
  const perPage = Math.max(1, Math.floor((c.width - LABEL_WIDTH) / minColumn));
  const blocks = Math.max(1, Math.ceil(doc.evidence.length / perPage));
  const perBlock = Math.ceil(doc.evidence.length / blocks);
  const items: Item[] = CRITERION_KINDS.flatMap((kind) => {
    const list = doc.criteria.filter((k) => k.kind === kind);
    const band = { band: t.text.criterionKinds[kind] };
    return list.length ? [band, ...list.map((criterion) => ({ criterion }))] : [];
  });
  let first = true;
  // Where the rows start on the first page: continued pages start theirs there too, so the rows
  // of every page sit at the same heights and a page turned over lines up with the one before.
  let bodyTop = 0;
  for (let b = 0; b < blocks; b++) {
    const columns = doc.evidence.slice(b * perBlock, (b + 1) * perBlock);
    const width = Math.min(MAX_COLUMN, (c.width - LABEL_WIDTH) / Math.max(1, columns.length));
    let i = 0;
    do {
      if (first) {
        startSection(ctx, 'matrix', t.text.sections.matrix);
        drawLegend(ctx);
        bodyTop = c.y;
        first = false;
      } else {
        c.newPage();
        const style = c.style('bold', 'h2', 'accent');
        c.label(`${t.text.sections.matrix} (${t.text.labels.continued})`, c.left, c.y, style);
        c.y += c.lineHeight(style) + 4;
        // A reader who lands on this page needs the key as much as one who starts at the first.
        drawLegend(ctx);
        c.y = Math.max(c.y, bodyTop);
      }
      const subtitleTop = c.y;
      c.y += c.lineHeight(c.style('regular', 'small')) + 4;
      drawHeader(ctx, columns, width);
      let fit = Math.max(1, Math.floor((c.bottom - c.y) / ROW));
      if (i + fit < items.length && 'band' in items[i + fit - 1]) fit -= 1;
      const slice = items.slice(i, i + fit);
      drawSubtitle(ctx, subtitleTop, slice, columns);
      slice.forEach((item, n) => drawRow(ctx, item, columns, width, n));
      i += slice.length;
    } while (i < items.length);
  }
}

/** What the marks mean, and the coloured square before each code (the criterion's status). */
function drawLegend(ctx: RenderContext): void {
  const { c, t } = ctx;
  const style = c.style('regular', 'small');
  const lh = c.lineHeight(style);
  let x = c.left;
  for (const status of ['accepted', 'claimed', 'rejected'] as const) {
    mark(ctx, status, x + 5, c.y + lh / 2);
    x += 13;
    x += c.label(t.text.tagStatus[status], x, c.y, style) + 16;
  }
  c.y += lh + 2;
  x = c.left;
  x += c.label(`${t.text.labels.criterion}:`, x, c.y, c.style('bold', 'small', 'muted')) + 8;
  for (const status of COVERAGE_STATUSES) {
    c.rect(x, c.y + 2, 7, lh - 4, statusColour(ctx, status), t.colours.rule);
    x += 11;
    x += c.label(t.text.coverageStatus[status], x, c.y, style) + 16;
  }
  c.y += lh + 6;
}

function drawSubtitle(ctx: RenderContext, top: number, slice: Item[], cols: PortfolioEvidence[]) {
  const codes = slice.flatMap((item) => ('criterion' in item ? [item.criterion.code] : []));
  if (codes.length === 0 || cols.length === 0) return;
  const text = fill(ctx.t.text.labels.matrixRows, {
    from: codes[0],
    to: codes.at(-1)!,
    first: cols[0].reference,
    last: cols.at(-1)!.reference,
  });
  ctx.c.label(text, ctx.c.left, top, ctx.c.style('regular', 'small', 'muted'));
}

function drawHeader(ctx: RenderContext, columns: PortfolioEvidence[], width: number): void {
  const { c, t } = ctx;
  const style = c.style('bold', 'tiny');
  c.rect(c.left, c.y, LABEL_WIDTH + width * columns.length, HEADER, t.colours.shade);
  columns.forEach((e, n) => {
    const x = c.left + LABEL_WIDTH + n * width;
    c.label(e.reference, x, c.y + (HEADER - c.lineHeight(style)) / 2, style, {
      align: 'center',
      width,
    });
    c.pdf.goTo(x, c.y, width, HEADER, evidenceKey(e.reference));
  });
  c.y += HEADER;
}

function drawRow(
  ctx: RenderContext,
  item: Item,
  cols: PortfolioEvidence[],
  width: number,
  n: number,
) {
  const { c, t } = ctx;
  const right = LABEL_WIDTH + width * cols.length;
  if ('band' in item) {
    c.rect(c.left, c.y, right, ROW, t.colours.rule);
    c.label(item.band, c.left + 3, c.y + (ROW - c.lineHeight(c.style('bold', 'tiny'))) / 2, {
      ...c.style('bold', 'tiny'),
    });
  } else {
    if (n % 2 === 0) c.rect(c.left, c.y, right, ROW, t.colours.shade);
    const { code, status } = item.criterion;
    c.rect(c.left + 2, c.y + 2, 7, ROW - 4, statusColour(ctx, status), t.colours.rule);
    const style = c.style('bold', 'tiny');
    c.label(code, c.left + 13, c.y + (ROW - c.lineHeight(style)) / 2, style);
    const byRef = ctx.tags.get(code);
    cols.forEach((e, k) => {
      const status = byRef?.get(e.reference);
      if (status) mark(ctx, status, c.left + LABEL_WIDTH + (k + 0.5) * width, c.y + ROW / 2);
    });
  }
  for (let k = 0; k <= cols.length; k++) {
    const x = c.left + LABEL_WIDTH + k * width;
    c.pdf
      .moveTo(x, c.y)
      .lineTo(x, c.y + ROW)
      .lineWidth(0.3)
      .strokeColor(t.colours.rule)
      .stroke();
  }
  c.y += ROW;
}

/** ■ accepted, □ claimed, × rejected: shapes as well as colours, so a grey print still reads. */
function mark(ctx: RenderContext, status: TagStatus, cx: number, cy: number): void {
  const { c, t } = ctx;
  const colour = t.colours.tags[status];
  const r = 3.2;
  if (status === 'accepted') c.rect(cx - r, cy - r, 2 * r, 2 * r, colour);
  else if (status === 'claimed')
    c.pdf
      .rect(cx - r, cy - r, 2 * r, 2 * r)
      .lineWidth(1)
      .stroke(colour);
  else {
    c.pdf
      .moveTo(cx - r, cy - r)
      .lineTo(cx + r, cy + r)
      .moveTo(cx + r, cy - r)
      .lineTo(cx - r, cy + r)
      .lineWidth(1)
      .stroke(colour);
  }
}
