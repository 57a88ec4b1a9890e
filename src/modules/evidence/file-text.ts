/**
 * The words of an evidence file, for suggesting the criteria it shows: read once after upload and
 * kept (evidence_files.extracted_text), never re-read per request. Only what a tutor would read as
 * the apprentice's own account counts: a notebook's markdown and code cells (not its outputs), the
 * comments and docstrings of code (identifiers say little), the text of a PDF, Markdown and plain
 * text. Images, office documents, video and tabular data yield nothing.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Kept per file: enough for a long report; tsvectors stay far below their 1 MB limit. */
export const MAX_EXTRACTED_CHARS = 100_000;
/** A PDF is read up to this many pages. */
const MAX_PDF_PAGES = 60;

const PROSE = new Set(['text/plain', 'text/markdown']);
const HASH_COMMENTS = new Set([
  'text/x-python',
  'text/x-r',
  'text/x-shellscript',
  'application/yaml',
  'application/toml',
]);
const SLASH_COMMENTS = new Set([
  'text/x-typescript',
  'text/javascript',
  'text/x-java',
  'text/x-go',
  'text/x-rust',
  'text/x-c',
  'text/x-c++',
]);

/** True when a file of this type can carry words worth reading. */
export const hasExtractableText = (mediaType: string) =>
  PROSE.has(mediaType) ||
  HASH_COMMENTS.has(mediaType) ||
  SLASH_COMMENTS.has(mediaType) ||
  mediaType === 'application/sql' ||
  mediaType === 'application/x-ipynb+json' ||
  mediaType === 'application/pdf';

const cap = (text: string) =>
  text
    .replace(/[ \t]+/g, ' ')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
    .slice(0, MAX_EXTRACTED_CHARS);

/** The text of a stored file ('' when its type has none). */
export async function extractText(mediaType: string, bytes: Buffer): Promise<string> {
  if (mediaType === 'application/pdf') return cap(await pdfText(bytes));
  if (!hasExtractableText(mediaType)) return '';
  const text = bytes.toString('utf8');
  if (PROSE.has(mediaType)) return cap(text);
  if (mediaType === 'application/x-ipynb+json') return cap(notebookText(text));
  if (HASH_COMMENTS.has(mediaType)) return cap(codeComments(text, 'hash'));
  if (mediaType === 'application/sql') return cap(codeComments(text, 'sql'));
  return cap(codeComments(text, 'slash'));
}

/** Markdown cells whole; code cells through the Python comment reader (outputs left out). */
export function notebookText(json: string): string {
  let notebook: unknown;
  try {
    notebook = JSON.parse(json);
  } catch {
    return '';
  }
  const cells = (notebook as { cells?: unknown }).cells;
  if (!Array.isArray(cells)) return '';
  const parts: string[] = [];
  for (const cell of cells as { cell_type?: unknown; source?: unknown }[]) {
    const source = Array.isArray(cell.source) ? cell.source.join('') : cell.source;
    if (typeof source !== 'string') continue;
    if (cell.cell_type === 'markdown') parts.push(source);
    else if (cell.cell_type === 'code') parts.push(codeComments(source, 'hash'));
  }
  return parts.filter(Boolean).join('\n\n');
}

/** Comments and docstrings (Python's triple-quoted strings, JSDoc and block comments). */
export function codeComments(code: string, style: 'hash' | 'slash' | 'sql'): string {
  const found: string[] = [];
  const patterns: Record<typeof style, RegExp> = {
    hash: /"""([\s\S]*?)"""|'''([\s\S]*?)'''|(?:^|\s)#(?!!)[ \t]?([^\n]*)/g,
    slash: /\/\*+([\s\S]*?)\*\/|(?:^|[^:])\/\/[ \t]?([^\n]*)/g,
    sql: /\/\*([\s\S]*?)\*\/|--[ \t]?([^\n]*)/g,
  };
  for (const match of code.matchAll(patterns[style])) {
    const text = match.slice(1).find((g) => g !== undefined) ?? '';
    const cleaned = text.replace(/^[ \t]*\*[ \t]?/gm, '').trim();
    if (cleaned) found.push(cleaned);
  }
  return found.join('\n');
}

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjs: Promise<PdfJs> | undefined;
const require = createRequire(import.meta.url);

async function pdfText(bytes: Buffer): Promise<string> {
  // The legacy build is PDF.js's build for Node (5.x: 6.x needs Node 22).
  const { getDocument } = await (pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs'));
  const fonts = join(dirname(require.resolve('pdfjs-dist/package.json')), 'standard_fonts/');
  const task = getDocument({
    data: new Uint8Array(bytes),
    standardFontDataUrl: fonts,
    isEvalSupported: false,
    disableFontFace: true,
    verbosity: 0,
  });
  try {
    const pdf = await task.promise;
    const pages: string[] = [];
    let length = 0;
    for (let n = 1; n <= Math.min(pdf.numPages, MAX_PDF_PAGES); n++) {
      const content = await (await pdf.getPage(n)).getTextContent();
      const line = content.items.map((i) => ('str' in i ? i.str : '')).join(' ');
      pages.push(line);
      length += line.length;
      if (length > MAX_EXTRACTED_CHARS) break;
    }
    return pages.join('\n');
  } catch {
    // A PDF PDF.js cannot read (encrypted, damaged) still stands as evidence: it has no words here.
    return '';
  } finally {
    await task.destroy();
  }
}
