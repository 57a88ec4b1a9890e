import { describe, expect, it } from '@jest/globals';
import {
  cohortCoverageCsv,
  cohortCsvDisposition,
  csvField,
  neutraliseFormula,
  toCsv,
} from './coverage-csv.js';
import type { CohortCoverageDto } from './dto/cohort-coverage.dto.js';

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

  it('writes the cohort matrix with the documented columns', () => {
    const coverage = {
      criteria: [
        { code: 'K1', kind: 'knowledge' },
        { code: 'D1', kind: 'duty' },
      ],
      apprentices: [
        {
          apprenticeshipId: 'x',
          apprentice: { id: 'y', name: '=cmd, "quoted"' },
          uln: '0123456789',
          percentEvidenced: 50,
          statuses: ['evidenced', 'missing'],
        },
      ],
    } as unknown as CohortCoverageDto;
    expect(cohortCoverageCsv(coverage).toString('utf8')).toBe(
      '\uFEFFApprentice,ULN,Percent evidenced,K1,D1\r\n' +
        `"'=cmd, ""quoted""",0123456789,50,evidenced,missing\r\n`,
    );
  });
});

describe('cohort CSV file name', () => {
  it.each([
    [
      'Données & Co — 2026',
      'cohort-donnees-co-2026-coverage.csv',
      'cohort-donn%C3%A9es-co-2026-coverage.csv',
    ],
    ['ML Sept 2026', 'cohort-ml-sept-2026-coverage.csv', 'cohort-ml-sept-2026-coverage.csv'],
    ['Łódź "A"/B', 'cohort-lodz-a-b-coverage.csv', 'cohort-%C5%82%C3%B3d%C5%BA-a-b-coverage.csv'],
    [
      '机器学习 2026',
      'cohort-2026-coverage.csv',
      'cohort-%E6%9C%BA%E5%99%A8%E5%AD%A6%E4%B9%A0-2026-coverage.csv',
    ],
    ['机器学习', 'cohort-coverage.csv', 'cohort-%E6%9C%BA%E5%99%A8%E5%AD%A6%E4%B9%A0-coverage.csv'],
    ['../../etc/passwd', 'cohort-etc-passwd-coverage.csv', 'cohort-etc-passwd-coverage.csv'],
  ])('names %j safely', (name, ascii, encoded) => {
    expect(cohortCsvDisposition(name)).toBe(
      `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`,
    );
  });
});
