/** CSV as spreadsheets read it: every download of a table (coverage, OTJ log, EPA mapping). */

const BOM = '\uFEFF';
const CRLF = '\r\n';

/**
 * Spreadsheets run a cell that starts with = + - @ (or a tab / CR that hides one) as a formula:
 * a name such as `=HYPERLINK(…)` would. OWASP's advice: prefix such text with an apostrophe.
 */
export function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** RFC 4180: quote a field holding a comma, quote, CR or LF, and double its quotes. */
export function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * RFC 4180 text: fields joined by commas, every record ended by CRLF, preceded by a UTF-8 byte
 * order mark so Excel reads non-Latin names as UTF-8 rather than the local code page.
 */
export function toCsv(records: (string | number)[][]): string {
  return BOM + records.map((r) => r.map(csvField).join(',') + CRLF).join('');
}
