import { type CoverageCounts } from './portfolio-document.js';
import { COVERAGE_STATUSES, CRITERION_KINDS } from '../../../common/vocabulary.js';
import type { CoverageStatus } from '../../../common/vocabulary.js';
import { type RenderContext, startSection, subheading } from './render-context.js';

const GAP = 4;
const CELL_HEIGHT = 22;
const PER_ROW = 10;

/** Overall figure, counts by kind, and a grid with one cell per criterion coloured by status. */
export function drawCoverage(ctx: RenderContext): void {
  const { c, t, coverage } = ctx;
  startSection(ctx, 'coverage', t.text.sections.coverage);
  const overall = coverage.overall;
  const big = c.style('bold', 'title', 'accent');
  const width = c.label(`${overall.percentEvidenced}%`, c.left, c.y, big);
  const caption = `${t.text.coverageStatus.evidenced}: ${overall.evidenced} / ${overall.total}`;
  c.label(caption, c.left + width + 10, c.y + c.lineHeight(big) - 22, c.style('regular', 'body'));
  c.y += c.lineHeight(big) + 4;
  drawBar(ctx, overall);
  c.y += 22;
  drawCountsTable(ctx);
  c.y += 18;
  drawLegend(ctx);
  c.y += 14;
  drawGrid(ctx);
}

export function statusColour(ctx: RenderContext, status: CoverageStatus): string {
  return ctx.t.colours.coverage[status];
}

function drawBar(ctx: RenderContext, counts: CoverageCounts): void {
  const { c } = ctx;
  let x = c.left;
  for (const status of COVERAGE_STATUSES) {
    const w = counts.total === 0 ? 0 : (c.width * counts[status]) / counts.total;
    if (w > 0) c.rect(x, c.y, w, 10, statusColour(ctx, status));
    x += w;
  }
  c.rect(c.left, c.y, c.width, 10, undefined, ctx.t.colours.rule);
  c.y += 10;
}

function drawCountsTable(ctx: RenderContext): void {
  const { c, t, coverage } = ctx;
  const labels = t.text.labels;
  const first = 150;
  const col = (c.width - first) / 5;
  const head = c.style('bold', 'small', 'muted');
  const body = c.style('regular', 'body');
  const bold = c.style('bold', 'body');
  const rowHeight = c.lineHeight(body) + 6;
  const headers = [labels.total, ...COVERAGE_STATUSES.map((s) => t.text.coverageStatus[s])];
  const headerHeight = Math.max(...headers.map((h) => c.heightOf(h, head, col - 18)));
  headers.forEach((h, i) => {
    const x = c.left + first + i * col;
    const chip = i > 0 ? 12 : 0;
    if (chip) c.rect(x, c.y + 3, 8, 8, statusColour(ctx, COVERAGE_STATUSES[i - 1]), t.colours.rule);
    c.block(h, x + chip, c.y, col - 18, head);
  });
  c.label(labels.percentEvidenced, c.left + first + 4 * col, c.y, head, {
    align: 'right',
    width: col,
  });
  c.y += headerHeight + 2;
  c.rule();
  const rows = CRITERION_KINDS.filter((k) => coverage.byKind[k].total > 0).map(
    (k) => [t.text.criterionKinds[k], coverage.byKind[k], body] as const,
  );
  for (const [name, counts, style] of [
    ...rows,
    [labels.overall, coverage.overall, bold] as const,
  ]) {
    if (style === bold) c.rule(c.y, t.colours.text);
    const top = c.y + 3;
    c.label(name, c.left, top, style, { width: first - 6 });
    const values = [counts.total, counts.evidenced, counts.claimed, counts.missing];
    values.forEach((v, i) =>
      c.label(String(v), c.left + first + i * col + (i ? 12 : 0), top, style),
    );
    c.label(`${counts.percentEvidenced}%`, c.left + first + 4 * col, top, style, {
      align: 'right',
      width: col,
    });
    c.y += rowHeight;
  }
  c.rule();
}

function drawLegend(ctx: RenderContext): void {
  const { c, t } = ctx;
  const style = c.style('regular', 'small');
  let x = c.left;
  for (const status of COVERAGE_STATUSES) {
    c.rect(x, c.y + 2, 10, 10, statusColour(ctx, status), ctx.t.colours.rule);
    x += 14;
    x += c.label(t.text.coverageStatus[status], x, c.y, style) + 18;
  }
  c.y += c.lineHeight(style);
}

function drawGrid(ctx: RenderContext): void {
  const { c, t, doc } = ctx;
  const cellWidth = (c.width - (PER_ROW - 1) * GAP) / PER_ROW;
  for (const kind of CRITERION_KINDS) {
    const list = doc.criteria.filter((k) => k.kind === kind);
    if (list.length === 0) continue;
    const span = list.length > 1 ? ` (${list[0].code}–${list.at(-1)!.code})` : '';
    subheading(ctx, t.text.criterionKinds[kind] + span, CELL_HEIGHT + GAP);
    list.forEach((criterion, i) => {
      const column = i % PER_ROW;
      if (column === 0 && i > 0) c.y += CELL_HEIGHT + GAP;
      if (column === 0) c.ensure(CELL_HEIGHT + GAP);
      const x = c.left + column * (cellWidth + GAP);
      const fill = statusColour(ctx, criterion.status);
      c.rect(
        x,
        c.y,
        cellWidth,
        CELL_HEIGHT,
        fill,
        criterion.status === 'missing' ? t.colours.rule : fill,
      );
      const colour = criterion.status === 'evidenced' ? '#ffffff' : t.colours.text;
      const style = { ...c.style('bold', 'body'), colour };
      const top = c.y + (CELL_HEIGHT - c.lineHeight(style)) / 2;
      c.label(criterion.code, x, top, style, { align: 'center', width: cellWidth });
    });
    c.y += CELL_HEIGHT + GAP + 8;
  }
}
