import { describe, expect, it } from '@jest/globals';
import { fill, formatDate, formatSize } from './format.js';
import { checkPortfolioDocument, coverageOf, percentOf } from './portfolio-document.js';
import { buildPortfolio } from '../../../../test/support/portfolio-fixtures.js';

describe('portfolio document', () => {
  it('counts coverage by kind and overall', () => {
    const doc = buildPortfolio({ kind: 'draft', evidence: 6 });
    const coverage = coverageOf(doc.criteria);
    expect(coverage.overall.total).toBe(79);
    expect(coverage.byKind.knowledge.total).toBe(31);
    expect(coverage.byKind.skill.total).toBe(34);
    expect(coverage.byKind.behaviour.total).toBe(5);
    expect(coverage.byKind.duty.total).toBe(9);
    const { evidenced, claimed, missing, total, percentEvidenced } = coverage.overall;
    expect(evidenced + claimed + missing).toBe(total);
    expect(percentEvidenced).toBe(percentOf(evidenced, total));
    expect(coverageOf([]).overall.percentEvidenced).toBe(0);
  });

  it('rounds a percentage as the coverage SQL does: one decimal, halves up', () => {
    // PostgreSQL: round(100.0 * part / whole, 1) for these pairs.
    const cases: [number, number, number][] = [
      [3, 8, 37.5],
      [1, 3, 33.3],
      [2, 3, 66.7],
      [1, 6, 16.7],
      [1, 8, 12.5],
      [1, 16, 6.3],
      [78, 79, 98.7],
      [79, 79, 100],
      [0, 79, 0],
      [0, 0, 0],
    ];
    for (const [part, whole, percent] of cases) expect(percentOf(part, whole)).toBe(percent);
  });

  it('reports what would make the PDF misleading', () => {
    const doc = buildPortfolio({ kind: 'gateway', evidence: 2 });
    expect(checkPortfolioDocument(doc)).toEqual([]);
    const broken = {
      ...doc,
      snapshot: { ...doc.snapshot!, sha256OfContent: 'abc' },
      generatedAt: 'yesterday',
      criteria: [...doc.criteria, doc.criteria[0]],
      evidence: [...doc.evidence, doc.evidence[0]],
    };
    expect(checkPortfolioDocument(broken)).toEqual([
      'generatedAt: not an ISO date',
      'snapshot.sha256OfContent: not a SHA-256 hex digest',
      'criteria.79.code: K1 is listed twice',
      'evidence.2.reference: E1 is used twice',
    ]);
    expect(checkPortfolioDocument({ ...doc, snapshot: undefined })).toEqual([
      'snapshot: required for a gateway PDF',
    ]);
  });
});

describe('formatting', () => {
  const months = [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ];

  it('prints dates and UTC times without depending on the machine', () => {
    expect(formatDate('2025-03-14', months)).toBe('14 March 2025');
    expect(formatDate('2025-11-03T09:30:00Z', months)).toBe('3 November 2025, 09:30 UTC');
    expect(formatDate('2025-11-03T23:30:00-02:00', months)).toBe('4 November 2025, 01:30 UTC');
    expect(formatDate('not a date', months)).toBe('not a date');
  });

  it('prints file sizes and fills placeholders', () => {
    expect(formatSize(512)).toBe('512 bytes');
    expect(formatSize(48_213)).toBe('47.1 KB');
    expect(formatSize(1_536 * 1024)).toBe('1.5 MB');
    expect(fill('Page {page} of {pages} {unknown}', { page: 2, pages: 9 })).toBe(
      'Page 2 of 9 {unknown}',
    );
  });
});
