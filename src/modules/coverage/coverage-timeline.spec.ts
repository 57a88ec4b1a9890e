import { describe, expect, it } from '@jest/globals';
import { DataSource, EntityManager } from 'typeorm';
import { queryNamed } from '../../common/database/named-query.js';
import { timelineOf, timelineSql } from './coverage-timeline.js';
import type { TimelineRow } from './coverage-timeline.js';

const row = (
  id: string,
  month: string,
  evidenced: number,
  elapsed: number,
  reached = true,
  total = 79,
): TimelineRow => ({
  apprenticeship_id: id,
  month,
  as_of: `${month}-28`,
  total,
  evidenced,
  reached,
  elapsed_share: elapsed,
});

describe('timelineOf', () => {
  it('keeps one apprenticeship’s months, with nothing evidenced for months still to come', () => {
    const timeline = timelineOf([
      row('a', '2026-03', 5, 0.1, false),
      row('a', '2026-01', 0, 0.02),
      row('a', '2026-02', 3, 0.06),
    ]);
    expect(timeline).toEqual({
      apprenticeships: 1,
      points: [
        { month: '2026-01', asOf: '2026-01-28', evidenced: 0, total: 79, elapsedShare: 0.02 },
        { month: '2026-02', asOf: '2026-02-28', evidenced: 3, total: 79, elapsedShare: 0.06 },
        { month: '2026-03', asOf: '2026-03-28', evidenced: null, total: 79, elapsedShare: 0.1 },
      ],
    });
  });

  it('pools a cohort: nothing before an apprenticeship starts, its last month after it ends', () => {
    const timeline = timelineOf([
      row('early', '2026-01', 2, 0.25),
      row('early', '2026-02', 4, 0.5),
      row('late', '2026-02', 1, 0.1),
      row('late', '2026-03', 6, 0.3),
    ]);
    expect(timeline.points).toEqual([
      { month: '2026-01', asOf: '2026-01-28', evidenced: 2, total: 158, elapsedShare: 0.125 },
      { month: '2026-02', asOf: '2026-02-28', evidenced: 5, total: 158, elapsedShare: 0.3 },
      { month: '2026-03', asOf: '2026-03-28', evidenced: 10, total: 158, elapsedShare: 0.4 },
    ]);
  });

  it('averages elapsed shares to three decimals', () => {
    const timeline = timelineOf([
      row('a', '2026-01', 0, 0.1),
      row('b', '2026-01', 0, 0.2),
      row('c', '2026-01', 0, 0.2),
    ]);
    expect(timeline.points[0].elapsedShare).toBe(0.167);
  });

  it('is empty for a cohort with nobody in it', () => {
    expect(timelineOf([])).toEqual({ apprenticeships: 0, points: [] });
  });
});

describe('timelineSql', () => {
  it('is one statement whose only parameters are the scope’s and today', () => {
    const m = {
      dataSource: new DataSource({ type: 'postgres' }),
      query: (text: string, values: unknown[]) => Promise.resolve([text, values]),
    } as unknown as EntityManager;
    return expect(
      queryNamed<unknown>(m, timelineSql('a.cohort_id = :cohortId'), {
        cohortId: 'c',
        today: '2026-05-01',
      }).then((r) => (r as unknown as [string, unknown[]])[1]),
    ).resolves.toEqual(['c', '2026-05-01']);
  });
});
