import type { RenderContext } from './render-context.js';

/** A listing (source code, text, JSON) stops after this many pages, with a note saying so. */
export const MAX_LISTING_PAGES = 4;
const TAB = 4;

export interface MonospaceOptions {
  /** Line numbers in a gutter on the left. */
  numbers?: boolean;
  /** Pages the listing may run onto, counting the one it starts on. */
  pages: number;
  /** Points from the left margin (a notebook's code sits under its "In [n]"). */
  indent?: number;
  /** Colour of a bar down the left edge, following the text onto the next page. */
  bar?: string;
}

/** Lines of a text, tabs expanded, control characters (ANSI colour codes too) removed. */
export function textLines(text: string): string[] {
  const lines = text
    // eslint-disable-next-line no-control-regex -- removing terminal colour codes is the point
    .replace(/\u001b\[[0-9;]*[A-Za-z]/g, '')
    .split(/\r\n|\r|\n/)
    // eslint-disable-next-line no-control-regex -- as is removing other control characters
    .map((line) => expandTabs(line.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')));
  if (lines.length > 1 && lines.at(-1) === '') lines.pop();
  return lines;
}

function expandTabs(line: string): string {
  if (!line.includes('\t')) return line;
  let out = '';
  for (const ch of line) out += ch === '\t' ? ' '.repeat(TAB - (out.length % TAB)) : ch;
  return out;
}

/**
 * Lines in the monospace font, as written (indentation kept), long ones wrapped between
 * characters with the number only on their first row. Stops before starting page `pages + 1`
 * and returns how many lines were shown then; undefined when everything was.
 */
export function drawMonospace(
  ctx: RenderContext,
  lines: readonly string[],
  opts: MonospaceOptions,
): { shown: number } | undefined {
  const { c } = ctx;
  const style = c.style('mono', 'small');
  const muted = c.style('mono', 'small', 'muted');
  const lh = c.lineHeight(style);
  const charWidth = c.text.width('0', style);
  const indent = (opts.indent ?? 0) + (opts.bar ? 8 : 0);
  const gutter = opts.numbers ? (String(lines.length).length + 1) * charWidth + 4 : 0;
  const x = c.left + indent + gutter;
  const perRow = Math.max(8, Math.floor((c.left + c.width - x) / charWidth));
  const lastPage = c.page + opts.pages - 1;
  for (let i = 0; i < lines.length; i++) {
    const rows = wrap(lines[i], perRow);
    for (let r = 0; r < rows.length; r++) {
      if (c.y + lh > c.bottom + 0.01) {
        if (c.page >= lastPage) return { shown: r === 0 ? i : i + 1 };
        c.newPage();
      }
      if (opts.bar) c.rect(c.left + (opts.indent ?? 0), c.y, 3, lh, opts.bar);
      if (opts.numbers && r === 0) {
        c.label(String(i + 1), c.left + indent, c.y, muted, {
          align: 'right',
          width: gutter - 6,
        });
      }
      drawRow(ctx, rows[r], x, charWidth);
      c.y += lh;
    }
  }
  return undefined;
}

function drawRow(ctx: RenderContext, row: string, x: number, charWidth: number): void {
  const { c } = ctx;
  const text = row.trimStart();
  if (text === '') return;
  const style = c.style('mono', 'small');
  // Indentation by position: leading spaces would be laid out (and collapsed) as words.
  const lead = (row.length - text.length) * charWidth;
  const pieces = c.text.pieces(text, style);
  const width = pieces.reduce((sum, piece) => sum + piece.width, 0);
  c.drawLine({ pieces, width, trailing: 0 }, x + lead, c.y, style);
}

/** Rows of at most `width` characters (code points). */
function wrap(line: string, width: number): string[] {
  const chars = [...line];
  if (chars.length <= width) return [line];
  const rows: string[] = [];
  for (let i = 0; i < chars.length; i += width) rows.push(chars.slice(i, i + width).join(''));
  return rows;
}
