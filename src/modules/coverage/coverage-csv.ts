import { neutraliseFormula, toCsv } from '../../common/http/csv.js';
import type { CohortCoverageDto } from './dto/cohort-coverage.dto.js';

/** Leading columns of the cohort CSV, before one column per criterion code. */
export const COHORT_CSV_COLUMNS = ['Apprentice', 'ULN', 'Percent evidenced'];

/** The cohort matrix as CSV: one row per apprentice, one `evidenced|claimed|missing` per criterion. */
export function cohortCoverageCsv(coverage: CohortCoverageDto): Buffer {
  const header = [...COHORT_CSV_COLUMNS, ...coverage.criteria.map((c) => c.code)];
  const rows = coverage.apprentices.map((a) => [
    neutraliseFormula(a.apprentice.name),
    a.uln,
    a.percentEvidenced,
    ...a.statuses,
  ]);
  return Buffer.from(toCsv([header, ...rows]), 'utf8');
}

/** Lower-case words of letters and digits (any script) joined by hyphens. */
const slugOf = (text: string) =>
  text
    .normalize('NFKC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .join('-')
    .slice(0, 80)
    .replace(/-+$/, '');

/** Latin letters that Unicode does not decompose into a base letter and an accent. */
const LATIN_EXTRA: Record<string, string> = {
  ł: 'l',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  ħ: 'h',
  ı: 'i',
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  þ: 'th',
};

/** The same slug in plain ASCII: accents dropped, other scripts left out. */
const asciiSlugOf = (text: string) =>
  slugOf(
    text
      .toLowerCase()
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .replace(/[łøđðħıßæœþ]/g, (c) => LATIN_EXTRA[c])
      .replace(/[^\x20-\x7e]+/g, ' '),
  );

/**
 * `attachment` with an ASCII `filename` every client understands and the exact UTF-8 name in
 * `filename*` (RFC 6266 / 8187): cohort-<slug>-coverage.csv, `cohort-coverage.csv` when the name
 * has nothing ASCII left.
 */
export function cohortCsvDisposition(cohortName: string): string {
  const name = (slug: string) => (slug ? `cohort-${slug}-coverage.csv` : 'cohort-coverage.csv');
  const ascii = name(asciiSlugOf(cohortName));
  const utf8 = name(slugOf(cohortName));
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(utf8)}`;
}
