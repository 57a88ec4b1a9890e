import { describe, expect, it } from '@jest/globals';
import { cohortCoverageCsv, cohortCsvDisposition } from './coverage-csv.js';
import type { CohortCoverageDto } from './dto/cohort-coverage.dto.js';

describe('cohort coverage CSV', () => {
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
