import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { PDFDocumentProxy, PDFPageProxy, TextItem } from 'pdfjs-dist/types/src/display/api.js';
import { renderPortfolio } from '../../src/modules/portfolio/pdf/portfolio-renderer.js';
import type { PortfolioDocument } from '../../src/modules/portfolio/pdf/portfolio-document.js';
import type { PortfolioTemplate } from '../../src/modules/portfolio/pdf/portfolio-template.js';

/**
 * Reading rendered PDFs back the way a viewer does, with PDF.js (pdfjs-dist, plain JavaScript), so
 * the tests need nothing but Node. pdfjs-dist is pinned to 5.x: 6.x needs Node 22.
 */

// The legacy build is the one meant for Node; the modern one expects browser globals.
type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjs: Promise<PdfJs> | undefined;
const loadPdfJs = () => (pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs'));

const require = createRequire(import.meta.url);
// Where PDF.js finds the standard 14 fonts' metrics (pdfkit's page furniture may use Helvetica).
const STANDARD_FONTS = join(dirname(require.resolve('pdfjs-dist/package.json')), 'standard_fonts/');

export interface OutlineEntry {
  title: string;
  /** 1-based page the bookmark jumps to. */
  page: number;
  /** 1 for a top-level bookmark, 2 for its children, … */
  depth: number;
}

export interface PlacedText {
  /** 1-based page number. */
  page: number;
  text: string;
  /** Font size in points, as drawn (after any scaling). */
  size: number;
  /** Degrees counter-clockwise from the horizontal; 0 for ordinary text. */
  angle: number;
  x: number;
  /** Baseline, in PDF units from the bottom of the page. */
  y: number;
  width: number;
}

export interface PdfInfo {
  pages: number;
  title?: string;
  author?: string;
  subject?: string;
  keywords?: string;
  creator?: string;
  creationDate?: Date;
  modDate?: Date;
  /** Each page's size in points, e.g. 595.28 × 841.89 for A4. */
  pageSizes: { width: number; height: number }[];
}

/** A PDF read once: its text (per page and placed), metadata, bookmarks and drawn images. */
export interface ReadPdf {
  info: PdfInfo;
  placed: PlacedText[];
  outline: OutlineEntry[];
  /** Images drawn, counted once per page each is drawn on (an image's soft mask is not counted). */
  imageCount: number;
  /**
   * The horizontal text of each page, in lines top to bottom; diagonal text (the watermark) is
   * left out, as in a viewer's text selection. `layout` keeps wide gaps as runs of spaces, so
   * table columns stay apart on one line.
   */
  pageTexts(layout?: boolean): string[];
}

export async function readPdf(source: string | Uint8Array): Promise<ReadPdf> {
  const { getDocument } = await loadPdfJs();
  const data = typeof source === 'string' ? await readFile(source) : source;
  const pdf = await getDocument({
    // PDF.js takes ownership of (detaches) the buffer it is given: give it a copy.
    data: new Uint8Array(data),
    standardFontDataUrl: STANDARD_FONTS,
    isEvalSupported: false,
    verbosity: 0,
  }).promise;
  try {
    const placed: PlacedText[] = [];
    const pageSizes: PdfInfo['pageSizes'] = [];
    let imageCount = 0;
    for (let number = 1; number <= pdf.numPages; number++) {
      const page = await pdf.getPage(number);
      const [, , width, height] = page.view;
      pageSizes.push({ width, height });
      placed.push(...(await textOf(page, number)));
      imageCount += await imagesDrawn(page);
    }
    const info = { ...(await metadataOf(pdf)), pages: pdf.numPages, pageSizes };
    const outline = await outlineOf(pdf);
    return {
      info,
      placed,
      outline,
      imageCount,
      pageTexts: (layout = false) => pageTexts(placed, pdf.numPages, layout),
    };
  } finally {
    await pdf.destroy();
  }
}

async function textOf(page: PDFPageProxy, number: number): Promise<PlacedText[]> {
  const content = await page.getTextContent();
  return content.items
    .filter((item): item is TextItem => 'str' in item && item.str !== '')
    .map((item) => {
      const [a, b, , , x, y] = item.transform as number[];
      return {
        page: number,
        text: item.str,
        size: Math.hypot(a, b),
        angle: Math.round((Math.atan2(b, a) * 180) / Math.PI),
        x,
        y,
        width: item.width,
      };
    });
}

/** Lines of one page's horizontal text: runs on one baseline, left to right. */
function pageTexts(placed: PlacedText[], pages: number, layout: boolean): string[] {
  const texts: string[] = [];
  for (let page = 1; page <= pages; page++) {
    const runs = placed
      .filter((t) => t.page === page && t.angle === 0)
      .sort((p, q) => q.y - p.y || p.x - q.x);
    const lines: PlacedText[][] = [];
    for (const run of runs) {
      const line = lines.at(-1);
      // Runs of one line share a baseline; allow for superscripts and font mixing.
      if (line && Math.abs(line[0].y - run.y) < Math.min(line[0].size, run.size) * 0.4) {
        line.push(run);
      } else lines.push([run]);
    }
    texts.push(lines.map((line) => joinLine(line, layout)).join('\n') + '\n');
  }
  return texts;
}

function joinLine(line: PlacedText[], layout: boolean): string {
  line.sort((p, q) => p.x - q.x);
  let text = '';
  let end = -Infinity;
  for (const run of line) {
    const gap = run.x - end;
    const space = run.size * 0.25;
    if (text && gap > space && !/\s$/.test(text) && !/^\s/.test(run.text)) {
      // A wide gap is a column break: in layout mode keep it visible as several spaces.
      // (one space per average character width, about half the font size, like pdftotext -layout).
      const columns = Math.round(gap / (run.size * 0.5));
      text += layout && gap > space * 4 ? ' '.repeat(Math.max(2, columns)) : ' ';
    }
    text += run.text;
    end = run.x + run.width;
  }
  return text;
}

async function metadataOf(pdf: PDFDocumentProxy): Promise<Omit<PdfInfo, 'pages' | 'pageSizes'>> {
  const info = (await pdf.getMetadata()).info as Record<string, unknown>;
  const text = (key: string) => (typeof info[key] === 'string' ? info[key] : undefined);
  const date = (key: string) => pdfDate(text(key));
  return {
    title: text('Title'),
    author: text('Author'),
    subject: text('Subject'),
    keywords: text('Keywords'),
    creator: text('Creator'),
    creationDate: date('CreationDate'),
    modDate: date('ModDate'),
  };
}

/** A PDF date string, D:YYYYMMDDHHmmSS followed by Z or an offset such as +01'00'. */
function pdfDate(value: string | undefined): Date | undefined {
  const m =
    value && /^D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(Z|([+-])(\d\d)'?(\d\d)'?)?/.exec(value);
  if (!m) return undefined;
  const utc = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
  const offset = m[8] ? (m[8] === '-' ? -1 : 1) * (+m[9] * 60 + +m[10]) * 60_000 : 0;
  return new Date(utc - offset);
}

async function outlineOf(pdf: PDFDocumentProxy): Promise<OutlineEntry[]> {
  type Node = { title: string; dest: string | unknown[] | null; items: Node[] };
  const entries: OutlineEntry[] = [];
  const walk = async (nodes: Node[], depth: number) => {
    for (const node of nodes) {
      const dest = typeof node.dest === 'string' ? await pdf.getDestination(node.dest) : node.dest;
      const ref = dest?.[0] as { num: number; gen: number } | undefined;
      const page = ref ? (await pdf.getPageIndex(ref)) + 1 : 0;
      entries.push({ title: node.title, page, depth });
      await walk(node.items, depth + 1);
    }
  };
  await walk((await pdf.getOutline()) ?? [], 1);
  return entries;
}

async function imagesDrawn(page: PDFPageProxy): Promise<number> {
  const { OPS } = await loadPdfJs();
  const drawsImage = new Set<number>([
    OPS.paintImageXObject,
    OPS.paintInlineImageXObject,
    OPS.paintImageXObjectRepeat,
  ]);
  const { fnArray } = await page.getOperatorList();
  return fnArray.filter((op) => drawsImage.has(op)).length;
}

export async function renderToFile(
  doc: PortfolioDocument,
  template: PortfolioTemplate,
  path: string,
): Promise<{ pages: number; bytes: Buffer }> {
  const { pages } = await renderPortfolio(doc, template, createWriteStream(path));
  return { pages, bytes: await readFile(path) };
}

export interface Attachment {
  /** The name in the PDF's list of embedded files. */
  name: string;
  description?: string;
  content: Buffer;
}

/** The files embedded in a PDF (its EmbeddedFiles name tree), as a viewer's attachments panel lists them. */
export async function readAttachments(source: Uint8Array): Promise<Attachment[]> {
  const { getDocument } = await loadPdfJs();
  const pdf = await getDocument({
    data: new Uint8Array(source),
    standardFontDataUrl: STANDARD_FONTS,
    isEvalSupported: false,
    verbosity: 0,
  }).promise;
  try {
    const found = ((await pdf.getAttachments()) ?? {}) as Record<
      string,
      { filename: string; rawFilename?: string; description?: string; content: Uint8Array }
    >;
    return Object.entries(found).map(([key, a]) => ({
      name: a.rawFilename ?? a.filename ?? key,
      ...(a.description ? { description: a.description } : {}),
      content: Buffer.from(a.content),
    }));
  } finally {
    await pdf.destroy();
  }
}
