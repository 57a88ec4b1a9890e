/**
 * A file read in the page ("Read it here"), for a tutor reviewing or an employer reading evidence
 * without downloading and opening it elsewhere: a notebook's cells with their outputs and plots, a
 * listing with line numbers, a table's first rows. The same parsing as the PDF's renderings
 * (file-body.ts, notebook-body.ts); the page shows more than a page of paper holds, still capped.
 */
import type { Readable } from 'node:stream';
import {
  bodyKind,
  decodeText,
  parseDelimited,
  separatorOf,
} from '../../modules/portfolio/pdf/file-body.js';
import { textLines } from '../../modules/portfolio/pdf/monospace.js';
import {
  joined,
  markdownLine,
  type NotebookOutput,
  parseNotebook,
} from '../../modules/portfolio/pdf/notebook-body.js';

/** Lines of a listing, or of one cell's source or output, before it is cut with a note. */
export const MAX_LINES = 2_000;
export const MAX_ROWS = 200;
export const MAX_COLUMNS = 30;
/** Cells of a notebook before the rest is left to the download. */
export const MAX_CELLS = 500;

export interface Lines {
  lines: string[];
  /** The number of lines there were, when more than are shown. */
  cutFrom?: number;
}

export type OutputView =
  ({ kind: 'text'; error: boolean } & Lines) | { kind: 'image'; src: string; alt: string };

/** A markdown cell read as the PDF reads it (markdownLine): headings, and paragraphs. */
export interface MarkdownBlock {
  heading?: 2 | 3;
  text: string;
}

export type CellView =
  | { kind: 'markdown'; blocks: MarkdownBlock[] }
  | ({ kind: 'code'; count: string; outputs: OutputView[] } & Lines);

export type FileReading =
  | { kind: 'notebook'; cells: CellView[]; cutFrom?: number }
  | ({ kind: 'listing' } & Lines)
  | { kind: 'table'; header: string[]; rows: string[][]; cut: boolean }
  | { kind: 'unreadable'; reason: string };

/**
 * A notebook is parsed whole, on the request's thread: above this size the page leaves it to the
 * download and the PDF (which renders notebooks in its worker, up to MAX_NOTEBOOK_BYTES).
 */
export const MAX_PAGE_NOTEBOOK_BYTES = 5 * 1024 * 1024;
/** Of a listing or a table, only the first bytes are read (as the PDF's listing does). */
export const MAX_PAGE_TEXT_BYTES = 2 * 1024 * 1024;

/**
 * The reading of a stored file of `size` bytes from its stream, reading no more than the page
 * shows: `readBytes` says how many of its first bytes, when that is not all of it.
 */
export async function readStream(
  mediaType: string,
  size: number,
  stream: Readable,
): Promise<FileReading & { readBytes?: number }> {
  const notebook = bodyKind(mediaType) === 'notebook';
  if (notebook && size > MAX_PAGE_NOTEBOOK_BYTES) {
    stream.destroy();
    const mb = MAX_PAGE_NOTEBOOK_BYTES / 1024 / 1024;
    return { kind: 'unreadable', reason: `it is larger than ${mb} MB, too large for the page` };
  }
  const limit = notebook ? MAX_PAGE_NOTEBOOK_BYTES : MAX_PAGE_TEXT_BYTES;
  const chunks: Buffer[] = [];
  let read = 0;
  // Leaving the loop early destroys the stream: the rest of a large file is never read.
  for await (const chunk of stream) {
    chunks.push(chunk as Buffer);
    read += (chunk as Buffer).length;
    if (read >= limit) break;
  }
  const reading = readingOf(mediaType, Buffer.concat(chunks).subarray(0, limit));
  return size > limit && reading.kind !== 'unreadable' ? { ...reading, readBytes: limit } : reading;
}

/** Files that have a reading: notebooks, tables and text (images and PDFs show in the page). */
export function canRead(mediaType: string): boolean {
  return ['notebook', 'table', 'listing'].includes(bodyKind(mediaType));
}

export function readingOf(mediaType: string, bytes: Buffer): FileReading {
  const kind = bodyKind(mediaType);
  if (kind === 'notebook') return notebookReading(bytes);
  const text = decodeText(bytes);
  if (typeof text !== 'string') return { kind: 'unreadable', reason: text.unreadable };
  if (kind === 'table') {
    const rows = parseDelimited(text, separatorOf(mediaType), MAX_ROWS + 2);
    const [header = [], ...body] = rows.map((row) => row.slice(0, MAX_COLUMNS));
    const widest = Math.max(0, ...rows.map((row) => row.length));
    return {
      kind: 'table',
      header,
      rows: body.slice(0, MAX_ROWS),
      cut: body.length > MAX_ROWS || widest > MAX_COLUMNS,
    };
  }
  if (kind === 'listing') return { kind: 'listing', ...capped(textLines(text)) };
  return { kind: 'unreadable', reason: 'this kind of file has no reading in the page' };
}

function capped(lines: string[]): Lines {
  return lines.length > MAX_LINES
    ? { lines: lines.slice(0, MAX_LINES), cutFrom: lines.length }
    : { lines };
}

function notebookReading(bytes: Buffer): FileReading {
  const parsed = parseNotebook(bytes);
  if ('unreadable' in parsed) return { kind: 'unreadable', reason: parsed.unreadable };
  const cells = parsed.cells.slice(0, MAX_CELLS).map((cell): CellView => {
    const source = capped(textLines(joined(cell.source)));
    if (cell.cell_type === 'markdown') return { kind: 'markdown', blocks: markdown(source.lines) };
    // A raw cell: its text as it is.
    if (cell.cell_type !== 'code')
      return { kind: 'markdown', blocks: [{ text: joined(cell.source) }] };
    const outputs = Array.isArray(cell.outputs) ? (cell.outputs as unknown[]) : [];
    return {
      kind: 'code',
      count: typeof cell.execution_count === 'number' ? String(cell.execution_count) : ' ',
      ...source,
      outputs: outputs
        .filter((o): o is NotebookOutput => typeof o === 'object' && o !== null)
        .map(outputView)
        .filter((o): o is OutputView => o !== undefined),
    };
  });
  const total = parsed.cells.length;
  return { kind: 'notebook', cells, ...(total > MAX_CELLS ? { cutFrom: total } : {}) };
}

function markdown(lines: string[]): MarkdownBlock[] {
  const blocks: MarkdownBlock[] = [];
  let paragraph: string[] = [];
  const end = () => {
    if (paragraph.length) blocks.push({ text: paragraph.join('\n') });
    paragraph = [];
  };
  for (const line of lines.map(markdownLine)) {
    if (line && !line.level) paragraph.push(line.text);
    else end(); // a blank line or a heading ends the paragraph
    if (line?.level) blocks.push({ heading: line.level <= 2 ? 2 : 3, text: line.text });
  }
  end();
  return blocks;
}

/** A picture (PNG or JPEG, as a data: URI), else the output's text; undefined when it has none. */
function outputView(output: NotebookOutput): OutputView | undefined {
  const data = typeof output.data === 'object' && output.data !== null ? output.data : {};
  for (const type of ['image/png', 'image/jpeg']) {
    const base64 = joined(data[type]).replace(/\s/g, '');
    if (/^[A-Za-z0-9+/]+=*$/.test(base64)) {
      return {
        kind: 'image',
        src: `data:${type};base64,${base64}`,
        alt: joined(data['text/plain']),
      };
    }
  }
  if (output.output_type === 'error') {
    const trace = Array.isArray(output.traceback) ? output.traceback.map(joined).join('\n') : '';
    const text = trace || `${joined(output.ename)}: ${joined(output.evalue)}`;
    return { kind: 'text', error: true, ...capped(textLines(text)) };
  }
  const text = output.output_type === 'stream' ? joined(output.text) : joined(data['text/plain']);
  return text ? { kind: 'text', error: false, ...capped(textLines(text)) } : undefined;
}
