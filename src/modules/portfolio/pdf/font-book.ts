import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type EmbeddedFont, type FontkitFont, internals } from './pdfkit-internals.js';
import { FONTS_DIR, type FontRef, type PortfolioTemplate } from './portfolio-template.js';

export type FontStyle = 'regular' | 'bold' | 'italic' | 'mono';
const STYLES: readonly FontStyle[] = ['regular', 'bold', 'italic', 'mono'];

/** A stretch of text drawn with one font (a registered pdfkit font name). */
export interface FontRun {
  text: string;
  font: string;
}

// Font files are read once per process: the CJK fallback alone is 5 MB.
const fileCache = new Map<string, Promise<Buffer>>();
// Parsed fonts are shared between renderings too: fontkit decodes its tables (cmap, GSUB, GPOS)
// lazily and keeps them, which is most of the cost of laying out text. pdfkit accepts a fontkit
// font in place of a file, and each PDF still gets its own subset of it.
const parsedCache = new Map<string, FontkitFont>();
// pdfkit caches each shaped word per PDF; sharing that cache between PDFs (per parsed font, so the
// scale matches) makes every rendering after the first much cheaper. Reset when it grows large.
const layoutCaches = new Map<string, object>();
const LAYOUT_CACHE_LIMIT = 50_000;

function sharedLayoutCache(key: string): object {
  let cache = layoutCaches.get(key);
  if (!cache || Object.keys(cache).length > LAYOUT_CACHE_LIMIT) {
    cache = Object.create(null) as object;
    layoutCaches.set(key, cache);
  }
  return cache;
}
function readFont(file: string): Promise<Buffer> {
  let data = fileCache.get(file);
  if (!data) {
    data = readFile(join(FONTS_DIR, file));
    data.catch(() => fileCache.delete(file));
    fileCache.set(file, data);
  }
  return data;
}

/** Latin-1 and Latin Extended-A: every template's main fonts must cover these, so no lookups. */
const COMMON_LATIN =
  /^[\n\x20-\x7e\u00a0-\u017f\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026]*$/;
/** Characters that belong with the character before them: marks, joiners, variation selectors. */
const CLINGS = /\p{M}|\u200c|\u200d|[\ufe00-\ufe0f]/u;
/** Characters any font can carry, so they stay in the current run instead of splitting it. */
const NEUTRAL = /[\s\p{P}\p{N}]/u;

/**
 * The template's fonts registered on one PDF, and per-run font choice: each character goes to the
 * style's font if it has a glyph for it, else to the first fallback that does. Fallback fonts are
 * opened on first need, so a Latin-only portfolio never touches the CJK font; pdfkit embeds only
 * fonts that are drawn, subset to the glyphs used.
 */
export class FontBook {
  private readonly opened = new Map<string, EmbeddedFont>();
  private readonly choice = new Map<string, string>();

  private constructor(
    private readonly pdf: PDFKit.PDFDocument,
    /** Registered name → cache key of the font file (and face, for a collection). */
    private readonly files: ReadonlyMap<string, string>,
    private readonly fallbacks: readonly string[],
  ) {}

  /** Reads the template's font files (once per process), so a missing one fails early. */
  static async preload(template: PortfolioTemplate): Promise<void> {
    const { fallbacks, ...main } = template.fonts;
    await Promise.all([...Object.values(main), ...fallbacks].map((ref) => readFont(ref.file)));
  }

  static async register(pdf: PDFKit.PDFDocument, template: PortfolioTemplate): Promise<FontBook> {
    const files = new Map<string, string>();
    const add = async (name: string, ref: FontRef) => {
      const key = `${ref.file}#${ref.postscriptName ?? ''}`;
      files.set(name, key);
      const parsed = parsedCache.get(key);
      if (parsed) pdf.registerFont(name, parsed as unknown as Buffer);
      else pdf.registerFont(name, await readFont(ref.file), ref.postscriptName);
    };
    for (const style of STYLES) await add(style, template.fonts[style]);
    const fallbacks = template.fonts.fallbacks.map((_, i) => `fallback-${i}`);
    for (const [i, ref] of template.fonts.fallbacks.entries()) await add(fallbacks[i], ref);
    return new FontBook(pdf, files, fallbacks);
  }

  /** The pdfkit font object for a registered name (opening it makes it the current font). */
  font(name: string): EmbeddedFont {
    let font = this.opened.get(name);
    if (!font) {
      this.pdf.font(name);
      font = internals(this.pdf)._font;
      this.opened.set(name, font);
      const key = this.files.get(name) ?? name;
      font.layoutCache = sharedLayoutCache(key);
      parsedCache.set(key, font.font);
    }
    return font;
  }

  /** Splits text into runs that each one font can draw. */
  runs(text: string, style: FontStyle): FontRun[] {
    if (COMMON_LATIN.test(text)) return text ? [{ text, font: style }] : [];
    const runs: FontRun[] = [];
    let current: FontRun | undefined;
    for (const char of text) {
      const keep =
        current !== undefined &&
        (CLINGS.test(char) || (NEUTRAL.test(char) && this.has(current.font, char)));
      const font = keep && current ? current.font : this.fontFor(char, style);
      if (current && current.font === font) current.text += char;
      else runs.push((current = { text: char, font }));
    }
    return runs;
  }

  private has(font: string, char: string): boolean {
    return this.font(font).font.hasGlyphForCodePoint(char.codePointAt(0) ?? 0);
  }

  private fontFor(char: string, style: FontStyle): string {
    const key = style + char;
    let font = this.choice.get(key);
    if (font === undefined) {
      const chain = style === 'regular' ? [style] : [style, 'regular'];
      // Nothing has it: the style's font draws its "missing glyph" box, which is honest.
      font = [...chain, ...this.fallbacks].find((f) => this.has(f, char)) ?? style;
      this.choice.set(key, font);
    }
    return font;
  }
}

/**
 * Parses the template's four main fonts and shapes a line with each, so the fontkit tables (cmap,
 * GSUB, GPOS) are decoded before the first PDF needs them. A PDF worker does this at its start.
 */
export async function warmUpFonts(template: PortfolioTemplate): Promise<void> {
  const book = await scratchBook(template);
  for (const style of STYLES) book.font(style).widthOfString('Portfolio evidence 0123 — K1', 10);
}

/** Texts shaped between two looks at `stop` in warmUpWords: about 5 ms of work. */
const WORDS_PER_SLICE = 100;

/**
 * Shapes texts (commonWords) into the shared layout cache, so that the first PDF finds those words
 * shaped and fontkit's shaping code optimised. A slice at a time: between slices it yields and
 * asks `stop`, so a PDF that arrives meanwhile waits for one slice at most.
 */
export async function warmUpWords(
  template: PortfolioTemplate,
  words: { style: FontStyle; texts: string[] }[],
  stop: () => boolean,
): Promise<void> {
  const book = await scratchBook(template);
  for (const { style, texts } of words) {
    const font = book.font(style);
    for (const [i, text] of texts.entries()) {
      if (i % WORDS_PER_SLICE === 0) {
        await new Promise((resolve) => setImmediate(resolve));
        if (stop()) return;
      }
      font.widthOfString(text, 1000);
    }
  }
}

/** The template's fonts on a PDF that is never written, for warming up. */
async function scratchBook(template: PortfolioTemplate): Promise<FontBook> {
  const { default: PDFKitDocument } = await import('pdfkit');
  await FontBook.preload(template);
  return FontBook.register(new PDFKitDocument({ autoFirstPage: false }), template);
}
