import type { Align } from './canvas.js';
import type { DrawingContext } from './render-context.js';
import type { TextStyle } from './text-layout.js';

export interface Column {
  header: string;
  width: number;
  align?: Align;
}

export interface Cell {
  text: string;
  style: TextStyle;
  /** A small colour square before the text (a status). */
  chip?: string;
  /** Instead of text: the page number of this anchor, filled in at the end. */
  pageOf?: string;
  /** Makes the cell a link to this anchor. */
  goTo?: string;
}

/** A full-width shaded row that groups the rows under it (e.g. "Knowledge"). */
export interface Band {
  band: string;
}

const PAD = 4;
const CHIP = 12;

/**
 * A table in the flow: rows never split, the header row is repeated after every page break, with a
 * "(continued)" line naming the table so a reader dropping onto that page knows where they are.
 */
export function drawTable(
  ctx: DrawingContext,
  title: string,
  columns: readonly Column[],
  rows: readonly (Cell[] | Band)[],
): void {
  const { c, t } = ctx;
  const head = c.style('bold', 'small', 'muted');
  const headerHeight =
    Math.max(...columns.map((col) => c.heightOf(col.header, head, col.width - 2 * PAD))) + 2 * PAD;
  const drawHeader = () => {
    let x = c.left;
    c.rect(c.left, c.y, c.width, headerHeight, t.colours.shade);
    for (const col of columns) {
      const lines = c.text.lines(col.header, head, col.width - 2 * PAD);
      lines.forEach((line, i) =>
        c.drawLine(line, x + PAD, c.y + PAD + i * c.lineHeight(head), head, {
          align: col.align,
          width: col.width - 2 * PAD,
        }),
      );
      x += col.width;
    }
    c.y += headerHeight;
    c.rule(c.y, t.colours.text);
  };
  const bandStyle = c.style('bold', 'small', 'accent');
  const heights = rows.map((row) =>
    'band' in row
      ? c.lineHeight(bandStyle) + 2 * PAD
      : Math.max(
          ...row.map((cell, i) => {
            const w = columns[i].width - 2 * PAD - (cell.chip ? CHIP : 0);
            return cell.pageOf ? c.lineHeight(cell.style) : c.heightOf(cell.text, cell.style, w);
          }),
        ) +
        2 * PAD,
  );
  c.ensure(headerHeight + (heights[0] ?? 0) + (heights[1] ?? 0));
  drawHeader();
  rows.forEach((row, r) => {
    const nextIsRow = rows[r + 1] && !('band' in rows[r + 1]);
    const keep = 'band' in row && nextIsRow ? heights[r + 1] : 0;
    if (c.ensure(heights[r] + keep)) {
      c.label(
        `${title} (${t.text.labels.continued})`,
        c.left,
        c.y,
        c.style('bold', 'h2', 'accent'),
      );
      c.y += 24;
      drawHeader();
    }
    if ('band' in row) {
      c.rect(c.left, c.y, c.width, heights[r], t.colours.shade);
      c.label(row.band, c.left + PAD, c.y + PAD, bandStyle);
    } else {
      drawRow(ctx, columns, row, heights[r]);
    }
    c.y += heights[r];
    c.rule();
  });
}

function drawRow(ctx: DrawingContext, columns: readonly Column[], row: Cell[], height: number) {
  const { c } = ctx;
  let x = c.left;
  row.forEach((cell, i) => {
    const col = columns[i];
    const top = c.y + PAD;
    let textX = x + PAD;
    if (cell.chip) {
      c.rect(textX, top + (c.lineHeight(cell.style) - 8) / 2, 8, 8, cell.chip, ctx.t.colours.rule);
      textX += CHIP;
    }
    const width = col.width - 2 * PAD - (cell.chip ? CHIP : 0);
    if (cell.pageOf) {
      c.pageRef(cell.pageOf, textX, top, width, cell.style);
    } else {
      const lines = c.text.lines(cell.text, cell.style, width);
      lines.forEach((line, n) =>
        c.drawLine(line, textX, top + n * c.lineHeight(cell.style), cell.style, {
          align: col.align,
          width,
        }),
      );
    }
    if (cell.goTo) c.pdf.goTo(x, c.y, col.width, height, cell.goTo);
    x += col.width;
  });
}
