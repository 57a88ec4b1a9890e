import { catalogueCriteria } from '../../standards/catalogue-files.js';
import type { FontStyle } from './font-book.js';
import type { PortfolioTemplate } from './portfolio-template.js';

/** Counts, page numbers and evidence references (E1, E2, …) up to this are shaped ahead. */
const NUMBERS_UP_TO = 400;

/**
 * What nearly every PDF draws, by font style, for a PDF worker to shape before the first PDF needs
 * it (warmUpWords): the template's own text; the built-in standards' criteria (regular in the
 * criteria table, italic under each tag); and numbers as the renderer prints them: evidence
 * references, criterion codes, counts and page numbers, each alone and with what follows it in
 * lists and brackets. Words are cached as pdfkit splits text, with the space after them,
 * so each form is its own entry.
 *
 * Measured in the pdf-workers bench's first PDF after start: 1,304 words were shaped that no
 * earlier PDF had, 761 of them numbers and 420 words of criteria, at 139 µs each (fontkit's
 * shaping code still cold), against 25–50 µs once it is optimised.
 */
export function commonWords(template: PortfolioTemplate): { style: FontStyle; texts: string[] }[] {
  const labels = stringsOf(template.text);
  const criteria = catalogueCriteria();
  const numbers = Array.from({ length: NUMBERS_UP_TO + 1 }, (_, n) => String(n));
  const references = numbers.slice(1).map((n) => `E${n}`);
  const codes = [...new Set(criteria.map((c) => c.code))];
  const forms = (words: string[], after: string[]) => words.flatMap((w) => after.map((a) => w + a));
  const texts = [...new Set(criteria.map((c) => c.text))];
  // As they end a word: last on a line, before a space, in a list, in brackets.
  const regular = [
    ...forms(numbers, ['', ' ']),
    ...forms(references, ['', ' ', ', ', ')']),
    ...forms(codes, ['', ' ', ', ']),
  ];
  return [
    { style: 'regular', texts: [...labels, ...texts, ...regular] },
    { style: 'italic', texts: [...labels, ...texts] },
    { style: 'bold', texts: [...labels, ...forms([...numbers, ...references], ['', ' '])] },
  ];
}

/** Every string in the template's text, its placeholders ({count}) included as they are. */
function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringsOf);
  return [];
}
