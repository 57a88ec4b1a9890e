import { describe, expect, it } from '@jest/globals';
import { csvField, neutraliseFormula, toCsv } from './csv.js';

describe('CSV (RFC 4180)', () => {
  it.each([
    ['plain', 'plain'],
    ['', ''],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['"', '""""'],
    ['line\nbreak', '"line\nbreak"'],
    ['carriage\rreturn', '"carriage\rreturn"'],
    ['crlf\r\n', '"crlf\r\n"'],
    ['王芳', '王芳'],
    [' spaced ', ' spaced '],
  ])('writes %j as %j', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it('writes numbers as they print', () => {
    expect([csvField(33.3), csvField(0), csvField(100)]).toEqual(['33.3', '0', '100']);
  });

  it('starts with a BOM and ends every record with CRLF', () => {
    expect(
      toCsv([
        ['a', 'b,c'],
        ['d', 1],
      ]),
    ).toBe('\uFEFFa,"b,c"\r\nd,1\r\n');
    expect(toCsv([])).toBe('\uFEFF');
  });

  it.each([
    ['=HYPERLINK("http://x")', `'=HYPERLINK("http://x")`],
    ['+44 20', `'+44 20`],
    ['-1', `'-1`],
    ['@SUM(A1)', `'@SUM(A1)`],
    ['\t=1', `'\t=1`],
    ['Ann = Bob', 'Ann = Bob'],
    ['Zoë', 'Zoë'],
  ])('keeps spreadsheets from running %j as a formula', (text, expected) => {
    expect(neutraliseFormula(text)).toBe(expected);
  });
});
