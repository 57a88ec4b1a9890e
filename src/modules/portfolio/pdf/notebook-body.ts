import { notRendered } from './file-notes.js';
import { fill } from './format.js';
import { drawFigure, imageHeight, openImage } from './image-figure.js';
import { drawMonospace, textLines } from './monospace.js';
import type { PortfolioFile } from './portfolio-document.js';
import type { RenderContext } from './render-context.js';

/** Larger notebooks are attached, not parsed (a notebook is JSON: parsing holds it all). */
export const MAX_NOTEBOOK_BYTES = 32 * 1024 * 1024;
/** A notebook stops after this many pages, with a note saying so. */
export const MAX_NOTEBOOK_PAGES = 12;
/** Lines of one output (a training log) before it is cut. */
const MAX_OUTPUT_LINES = 80;
const INDENT = 14;

export interface NotebookCell {
  cell_type?: unknown;
  source?: unknown;
  execution_count?: unknown;
  outputs?: unknown;
}

export interface NotebookOutput {
  output_type?: unknown;
  text?: unknown;
  data?: Record<string, unknown>;
  execution_count?: unknown;
  ename?: unknown;
  evalue?: unknown;
  traceback?: unknown;
}

/** Why a notebook cannot be read, or its cells. Never throws, whatever the bytes. */
export function parseNotebook(bytes: Buffer): { cells: NotebookCell[] } | { unreadable: string } {
  if (bytes.length > MAX_NOTEBOOK_BYTES) {
    return { unreadable: `it is larger than ${MAX_NOTEBOOK_BYTES / 1024 / 1024} MB` };
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8').decode(bytes));
  } catch (error) {
    return { unreadable: `it is not valid JSON (${(error as Error).message})` };
  }
  const nb = json as { nbformat?: unknown; cells?: unknown };
  if (typeof nb !== 'object' || nb === null || !Array.isArray(nb.cells)) {
    const version = typeof nb?.nbformat === 'number' ? ` (nbformat ${nb.nbformat})` : '';
    return {
      unreadable: `it has no list of cells, as Jupyter notebooks of nbformat 4 have${version}`,
    };
  }
  return {
    cells: nb.cells.filter(
      (cell): cell is NotebookCell => typeof cell === 'object' && cell !== null,
    ),
  };
}

/** "a\n" + "b" (Jupyter stores multi-line strings as lists of lines). */
export const joined = (value: unknown): string =>
  Array.isArray(value)
    ? value.filter((v) => typeof v === 'string').join('')
    : typeof value === 'string'
      ? value
      : '';

/**
 * Markdown cells as text, code cells in monospace under their "In [n]:", and their outputs: text,
 * errors and pictures (PNG and JPEG outputs such as plots, drawn as images).
 */
export async function drawNotebook(ctx: RenderContext, file: PortfolioFile, bytes: Buffer) {
  const parsed = parseNotebook(bytes);
  if ('unreadable' in parsed) return notRendered(ctx, parsed.unreadable);
  const { c, t } = ctx;
  const lastPage = c.page + MAX_NOTEBOOK_PAGES - 1;
  let images = 0;
  for (const [index, cell] of parsed.cells.entries()) {
    if (c.page >= lastPage && c.y > c.top + (c.bottom - c.top) / 2) {
      const note = fill(t.text.evidenceFiles.notebookCut, {
        shown: index,
        total: parsed.cells.length,
      });
      c.paragraph(note, c.style('italic', 'small', 'draft'));
      return;
    }
    const pages = Math.max(1, lastPage - c.page + 1);
    const source = textLines(joined(cell.source));
    c.y += 4;
    if (cell.cell_type === 'markdown') drawMarkdown(ctx, source);
    else if (cell.cell_type === 'code') {
      const count = typeof cell.execution_count === 'number' ? cell.execution_count : ' ';
      drawPrompt(ctx, fill(t.text.evidenceFiles.notebookCell, { count }));
      drawMonospace(ctx, source, { pages, indent: INDENT, bar: t.colours.accent });
      const outputs = Array.isArray(cell.outputs) ? (cell.outputs as NotebookOutput[]) : [];
      for (const output of outputs) {
        if (typeof output === 'object' && output !== null) {
          images = await drawOutput(ctx, file, output, count, images);
        }
      }
    } else drawMonospace(ctx, source, { pages, indent: INDENT });
  }
}

function drawPrompt(ctx: RenderContext, prompt: string): void {
  const { c } = ctx;
  const style = c.style('mono', 'small', 'muted');
  c.ensure(3 * c.lineHeight(style));
  c.paragraph(prompt, style);
}

/**
 * A markdown cell's line as the PDF and the web page read it: a heading with its level (1–6), or
 * text with its ** and ` marks dropped; undefined for a blank line.
 */
export function markdownLine(line: string): { level?: number; text: string } | undefined {
  const heading = /^(#{1,6})\s+(.*)$/.exec(line);
  if (heading) return { level: heading[1].length, text: heading[2] };
  if (line.trim() === '') return undefined;
  return { text: line.replace(/\*\*(.+?)\*\*/g, '$1').replace(/`([^`]+)`/g, '$1') };
}

function drawMarkdown(ctx: RenderContext, lines: string[]): void {
  const { c } = ctx;
  for (const line of lines.map(markdownLine)) {
    if (!line) c.y += 4;
    else if (line.level) {
      c.ensure(3 * c.lineHeight(c.style('bold', 'body')));
      c.paragraph(line.text, c.style('bold', line.level <= 2 ? 'h2' : 'body'));
    } else c.paragraph(line.text, c.style('regular', 'body'));
  }
}

async function drawOutput(
  ctx: RenderContext,
  file: PortfolioFile,
  output: NotebookOutput,
  count: number | string,
  images: number,
): Promise<number> {
  const { c, t } = ctx;
  const data = typeof output.data === 'object' && output.data !== null ? output.data : {};
  const picture = ['image/png', 'image/jpeg'].find(
    (type) => typeof joined(data[type]) === 'string' && joined(data[type]) !== '',
  );
  if (picture) {
    const bytes = Buffer.from(joined(data[picture]).replace(/\s/g, ''), 'base64');
    const image = await openImage(ctx, bytes, picture);
    const label = c.style('mono', 'small', 'muted');
    if (output.output_type === 'execute_result') {
      c.ensure(c.lineHeight(label) + imageHeight(ctx, image, c.width - INDENT));
      c.paragraph(fill(t.text.evidenceFiles.notebookOutput, { count }), label);
    }
    const caption = `${file.name} · ${fill(t.text.evidenceFiles.notebookImage, { count: images + 1 })}`;
    drawFigure(ctx, image, caption, INDENT);
    return images + 1;
  }
  let text = joined(output.text) || joined(data['text/plain']);
  if (output.output_type === 'error') {
    // Jupyter's traceback ends with "Name: value" itself; without one, say at least that.
    const traceback = Array.isArray(output.traceback)
      ? output.traceback.filter((l): l is string => typeof l === 'string')
      : [];
    text =
      traceback.length > 0
        ? traceback.join('\n')
        : `${joined(output.ename)}: ${joined(output.evalue)}`;
  }
  if (text === '') return images;
  if (output.output_type === 'execute_result') {
    c.paragraph(
      fill(t.text.evidenceFiles.notebookOutput, { count }),
      c.style('mono', 'small', 'muted'),
    );
  }
  let lines = textLines(text);
  if (lines.length > MAX_OUTPUT_LINES) {
    lines = [
      ...lines.slice(0, MAX_OUTPUT_LINES),
      `… ${lines.length - MAX_OUTPUT_LINES} more lines`,
    ];
  }
  const colour = output.output_type === 'error' ? t.colours.tags.rejected : t.colours.rule;
  drawMonospace(ctx, lines, { pages: 2, indent: INDENT, bar: colour });
  return images;
}
