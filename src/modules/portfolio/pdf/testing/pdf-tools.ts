import { execFileSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { renderPortfolio } from '../portfolio-renderer.js';
import type { PortfolioDocument } from '../portfolio-document.js';
import type { PortfolioTemplate } from '../portfolio-template.js';

/**
 * Reading rendered PDFs back with poppler-utils, as an assessor's viewer would. The tests need
 * these tools: without them they fail, with the install command in the message, rather than skip.
 */
export function requirePoppler(): void {
  for (const tool of ['pdftotext', 'pdfinfo', 'pdftohtml', 'pdfimages']) {
    try {
      execFileSync(tool, ['-v'], { stdio: 'pipe' });
    } catch {
      throw new Error(`${tool} is required by these tests: apt-get install -y poppler-utils`);
    }
  }
}

const run = (tool: string, args: string[]) =>
  execFileSync(tool, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

/** The text of each page (pdftotext separates pages with form feeds); `layout` keeps columns. */
export function pageTexts(path: string, layout = false): string[] {
  const args = ['-enc', 'UTF-8', ...(layout ? ['-layout'] : []), path, '-'];
  const pages = run('pdftotext', args).split('\f');
  if (pages.at(-1)?.trim() === '') pages.pop();
  return pages;
}

export function pdfInfo(path: string): Record<string, string> {
  const info: Record<string, string> = {};
  for (const line of run('pdfinfo', ['-enc', 'UTF-8', path]).split('\n')) {
    const match = /^([^:]+):\s*(.*)$/.exec(line);
    if (match) info[match[1].trim()] = match[2].trim();
  }
  return info;
}

export interface OutlineEntry {
  title: string;
  page: number;
  depth: number;
}

/** The bookmarks, flattened, from pdftohtml's XML (nested <outline> elements). */
export function outline(path: string): OutlineEntry[] {
  const xml = run('pdftohtml', ['-xml', '-stdout', '-i', '-q', '-f', '1', '-l', '1', path]);
  const entries: OutlineEntry[] = [];
  let depth = 0;
  for (const token of xml.matchAll(/<outline>|<\/outline>|<item page="(\d+)">([^<]*)<\/item>/g)) {
    if (token[0] === '<outline>') depth += 1;
    else if (token[0] === '</outline>') depth -= 1;
    else entries.push({ title: unescapeXml(token[2]), page: Number(token[1]), depth });
  }
  return entries;
}

export interface PlacedText {
  page: number;
  text: string;
  height: number;
}

/** Every text run with its page and height, from pdftohtml's XML (sees rotated text too). */
export function placedTexts(path: string): PlacedText[] {
  const xml = run('pdftohtml', ['-xml', '-stdout', '-i', '-q', path]);
  const found: PlacedText[] = [];
  let page = 0;
  for (const m of xml.matchAll(
    /<page number="(\d+)"|<text [^>]*height="(\d+)"[^>]*>(.*?)<\/text>/g,
  )) {
    if (m[1]) page = Number(m[1]);
    else
      found.push({ page, height: Number(m[2]), text: unescapeXml(m[3].replace(/<[^>]+>/g, '')) });
  }
  return found;
}

/** Number of images drawn (pdfimages lists each image once per page it is on). */
export function imageCount(path: string): number {
  return run('pdfimages', ['-list', path])
    .split('\n')
    .slice(2)
    .filter((line) => /^\s*\d+\s+\d+\s+image\b/.test(line)).length;
}

function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

export async function renderToFile(
  doc: PortfolioDocument,
  template: PortfolioTemplate,
  path: string,
): Promise<{ pages: number; bytes: Buffer }> {
  const { pages } = await renderPortfolio(doc, template, createWriteStream(path));
  return { pages, bytes: await readFile(path) };
}
