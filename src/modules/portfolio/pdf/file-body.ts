import { notRendered, SHOWN_IMAGES } from './file-notes.js';
import { fill } from './format.js';
import { drawFigure, type Figure } from './image-figure.js';
import { drawMonospace, MAX_LISTING_PAGES, textLines } from './monospace.js';
import { drawNotebook } from './notebook-body.js';
import { openAppendix, type PendingAppendix } from './pdf-appendix.js';
import type { PortfolioEvidence, PortfolioFile } from './portfolio-document.js';
import type { RenderContext } from './render-context.js';
import { type Cell, drawTable } from './table.js';

export type { PendingAppendix } from './pdf-appendix.js';

/** Text files longer than this are listed from their first bytes only (the listing is cut anyway). */
const MAX_TEXT_BYTES = 2 * 1024 * 1024;
const CSV_ROWS = 40;
const CSV_COLUMNS = 8;
const CSV_CELL_CHARS = 120;

/** Shown as text in monospace, with line numbers (besides text/*). */
const LISTED = new Set([
  'application/json',
  'application/yaml',
  'application/toml',
  'application/sql',
  'application/javascript',
  'application/xml',
  'image/svg+xml',
]);

/** How a file of this media type is shown: the PDF's rendering, and the web's "read it here". */
export type BodyKind = 'image' | 'notebook' | 'pdf' | 'table' | 'listing' | 'none';

export function bodyKind(mediaType: string): BodyKind {
  const type = mediaType.toLowerCase();
  if (SHOWN_IMAGES.test(type)) return 'image';
  if (type === 'application/x-ipynb+json') return 'notebook';
  if (type === 'application/pdf') return 'pdf';
  if (type === 'text/csv' || type === 'text/tab-separated-values') return 'table';
  if (type.startsWith('text/') || LISTED.has(type)) return 'listing';
  return 'none';
}

/** The separator of a table's rows (bodyKind 'table'). */
export const separatorOf = (mediaType: string) =>
  mediaType.toLowerCase() === 'text/tab-separated-values' ? '\t' : ',';

/**
 * What can be read of a file, beneath its details: the picture, the notebook, the listing, the
 * first rows of a table; a PDF's pages come back as an appendix to draw after the evidence. A
 * file that cannot be shown says why (it is attached all the same).
 */
export async function drawFileBody(
  ctx: RenderContext,
  evidence: PortfolioEvidence,
  file: PortfolioFile,
  bytes: Buffer | undefined,
  image: Figure | undefined,
): Promise<PendingAppendix | undefined> {
  if (!bytes) return undefined;
  try {
    return await drawBody(ctx, evidence, file, bytes, image);
  } catch (error) {
    // Whatever a file holds, the portfolio is still made: this file says why it is not shown.
    notRendered(ctx, `it could not be rendered (${(error as Error).message})`);
    return undefined;
  }
}

async function drawBody(
  ctx: RenderContext,
  evidence: PortfolioEvidence,
  file: PortfolioFile,
  bytes: Buffer,
  image: Figure | undefined,
): Promise<PendingAppendix | undefined> {
  const kind = bodyKind(file.mediaType);
  if (image) drawFigure(ctx, image, file.name);
  else if (kind === 'image') notRendered(ctx, 'the image could not be read');
  else if (kind === 'notebook') await drawNotebook(ctx, file, bytes);
  else if (kind === 'pdf') return openAppendix(ctx, evidence, file, bytes);
  else if (kind === 'table') {
    const text = decodeText(bytes);
    if (typeof text === 'string') drawCsv(ctx, file, text, separatorOf(file.mediaType));
    else notRendered(ctx, text.unreadable);
  } else if (kind === 'listing') {
    const text = decodeText(bytes);
    const json = file.mediaType.toLowerCase() === 'application/json';
    if (typeof text === 'string') drawListing(ctx, text, json);
    else notRendered(ctx, text.unreadable);
  } else {
    notRendered(ctx, fill(ctx.t.text.evidenceFiles.noPreview, { mediaType: file.mediaType }));
  }
  return undefined;
}

/** UTF-8 text (a BOM dropped), or why it is not text. */
export function decodeText(bytes: Buffer): string | { unreadable: string } {
  const head = bytes.subarray(0, MAX_TEXT_BYTES);
  if (head.includes(0)) return { unreadable: 'it contains binary data, not text' };
  return new TextDecoder('utf-8').decode(head).replace(/^\uFEFF/, '');
}

function drawListing(ctx: RenderContext, text: string, json: boolean): void {
  let lines = textLines(text);
  // Minified JSON is one endless line: laid out, it reads.
  if (json && lines.length <= 2 && text.length > 200) {
    try {
      lines = JSON.stringify(JSON.parse(text), null, 2).split('\n');
    } catch {
      // Not valid JSON: listed as it is.
    }
  }
  const cut = drawMonospace(ctx, lines, { numbers: true, pages: MAX_LISTING_PAGES });
  if (cut) {
    const { c, t } = ctx;
    c.paragraph(
      fill(t.text.evidenceFiles.textCut, { shown: `1–${cut.shown}`, total: lines.length }),
      c.style('italic', 'small', 'draft'),
    );
  }
}

function drawCsv(ctx: RenderContext, file: PortfolioFile, text: string, separator: string): void {
  const { c, t } = ctx;
  const rows = parseDelimited(text, separator, CSV_ROWS + 2);
  if (rows.length === 0) return notRendered(ctx, 'the file is empty');
  const width = Math.min(CSV_COLUMNS, Math.max(...rows.map((r) => r.length)));
  const [header, ...body] = rows;
  const small = c.style('regular', 'small');
  const cell = (value: string | undefined): Cell => ({
    text: (value ?? '').slice(0, CSV_CELL_CHARS),
    style: small,
  });
  const columns = Array.from({ length: width }, (_, i) => ({
    header: (header[i] ?? '').slice(0, CSV_CELL_CHARS),
    width: c.width / width,
  }));
  drawTable(
    ctx,
    file.name,
    columns,
    body.slice(0, CSV_ROWS).map((row) => columns.map((_, i) => cell(row[i]))),
  );
  const total = text.split(/\r?\n/).filter((line) => line.trim() !== '').length - 1;
  const widest = Math.max(...rows.map((r) => r.length));
  if (body.length > CSV_ROWS || widest > CSV_COLUMNS) {
    c.y += 4;
    c.paragraph(
      fill(t.text.evidenceFiles.csvCut, { shown: Math.min(CSV_ROWS, body.length), total }) +
        (widest > CSV_COLUMNS ? ` (${CSV_COLUMNS} of ${widest} columns)` : ''),
      c.style('italic', 'small', 'draft'),
    );
  }
}

/** RFC 4180 rows (quoted fields, doubled quotes, line breaks in quotes), the first `limit` only. */
export function parseDelimited(text: string, separator: string, limit: number): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length && rows.length < limit; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === separator) {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      if (row.some((f) => f !== '')) rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  row.push(field);
  if (rows.length < limit && row.some((f) => f !== '')) rows.push(row);
  return rows;
}
