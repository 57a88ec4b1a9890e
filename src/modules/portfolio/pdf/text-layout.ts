import type { FontBook, FontStyle } from './font-book.js';

/**
 * Line breaking for mixed-script text. pdfkit's own wrapper measures with one font, which is wrong
 * as soon as a line mixes, say, Latin and CJK; here every piece is measured with the font that will
 * draw it, so what is measured is what is drawn and tables can size rows before drawing them.
 */
export interface TextStyle {
  font: FontStyle;
  size: number;
  colour: string;
}

export interface Piece {
  text: string;
  font: string;
  width: number;
}

export interface Line {
  pieces: Piece[];
  /** Visible width: without the space that may end the last piece. */
  width: number;
  /** Width of that trailing space (kept in the text so pdfkit shapes "word " as it was measured). */
  trailing: number;
}

// A word with the space after it (pdfkit shapes and caches text split that way, so measuring the
// same strings shapes each word once), or one CJK character: those scripts break between any two.
const CJK = '\\u2e80-\\u9fff\\uf900-\\ufaff\\uff00-\\uffef\\u{20000}-\\u{3ffff}';
const TOKENS = new RegExp(`[${CJK}] ?|[^\\s${CJK}]+ ?`, 'gu');
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

export class TextLayout {
  // Per rendering: the same words and paragraphs are measured again and again (tables measure
  // before they draw), and shaping a word is the expensive part.
  private readonly widths = new Map<string, number>();
  private readonly laidOut = new Map<string, Line[]>();

  constructor(private readonly fonts: FontBook) {}

  /** Measured pieces of a string with no line breaking. */
  pieces(text: string, style: TextStyle): Piece[] {
    return this.fonts
      .runs(text, style.font)
      .map((run) => ({ ...run, width: this.measure(run.font, run.text, style.size) }));
  }

  width(text: string, style: TextStyle): number {
    return sum(this.pieces(text, style));
  }

  /** Breaks text into lines no wider than maxWidth; "\n" forces a break. */
  lines(text: string, style: TextStyle, maxWidth: number): Line[] {
    const key = `${style.font}|${style.size}|${maxWidth}|${text}`;
    let lines = this.laidOut.get(key);
    if (!lines) {
      lines = this.breakLines(text, style, maxWidth);
      this.laidOut.set(key, lines);
    }
    return lines;
  }

  private measure(font: string, text: string, size: number): number {
    const key = `${font}\u0000${text}`;
    let width = this.widths.get(key);
    if (width === undefined) {
      width = this.fonts.font(font).widthOfString(text, 1000);
      this.widths.set(key, width);
    }
    return (width * size) / 1000;
  }

  private breakLines(text: string, style: TextStyle, maxWidth: number): Line[] {
    const result: Line[] = [];
    const paragraphs = text.normalize('NFC').replace(/\r\n?/g, '\n').split('\n');
    for (const paragraph of paragraphs) {
      let line: Line = { pieces: [], width: 0, trailing: 0 };
      const flush = () => {
        result.push(line);
        line = { pieces: [], width: 0, trailing: 0 };
      };
      for (const token of paragraph.replace(/\s+/g, ' ').match(TOKENS) ?? []) {
        const pieces = this.pieces(token, style);
        const trail = token.endsWith(' ') ? this.measure(pieces.at(-1)!.font, ' ', style.size) : 0;
        const visible = sum(pieces) - trail;
        if (visible > maxWidth) {
          // A word wider than the line (a URL, a hash): break it between characters.
          for (const { segment } of graphemes.segment(token.trimEnd())) {
            const part = this.pieces(segment, style);
            if (line.width + line.trailing + sum(part) > maxWidth && line.pieces.length) flush();
            append(line, part, 0);
          }
          if (trail) append(line, this.pieces(' ', style), trail);
          continue;
        }
        if (line.pieces.length > 0 && line.width + line.trailing + visible > maxWidth) flush();
        append(line, pieces, trail);
      }
      flush();
    }
    return result;
  }

  /** One line, cut with an ellipsis if it does not fit. */
  fit(text: string, style: TextStyle, maxWidth: number): Line {
    const whole = this.lines(text.replace(/\s+/g, ' '), style, Number.POSITIVE_INFINITY)[0];
    if (whole.width <= maxWidth) return whole;
    const chars = [...graphemes.segment(text.replace(/\s+/g, ' '))].map((s) => s.segment);
    let lo = 0;
    let hi = chars.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      const w = this.width(chars.slice(0, mid).join('').trimEnd() + '…', style);
      if (w <= maxWidth) lo = mid;
      else hi = mid - 1;
    }
    const cut = chars.slice(0, lo).join('').trimEnd() + '…';
    const pieces = this.pieces(cut, style);
    return { pieces, width: sum(pieces), trailing: 0 };
  }
}

function append(line: Line, pieces: readonly Piece[], trailing: number): void {
  for (const piece of pieces) {
    const last = line.pieces.at(-1);
    if (last && last.font === piece.font) {
      last.text += piece.text;
      last.width += piece.width;
    } else {
      line.pieces.push({ ...piece });
    }
  }
  line.width += line.trailing + sum(pieces) - trailing;
  line.trailing = trailing;
}

function sum(pieces: readonly Piece[]): number {
  return pieces.reduce((total, p) => total + p.width, 0);
}
