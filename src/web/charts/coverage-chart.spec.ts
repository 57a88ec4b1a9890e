import { describe, expect, it } from '@jest/globals';
import { coverageChart } from './coverage-chart.js';
import { monthFraction } from './month-chart.js';
import type { TimelinePoint } from '../../modules/coverage/coverage-timeline.js';

const monthEnd = (month: string) => {
  const [y, m] = month.split('-').map(Number);
  return `${month}-${new Date(Date.UTC(y, m, 0)).getUTCDate()}`;
};
const point = (
  month: string,
  evidenced: number | null,
  elapsedShare: number,
  asOf = monthEnd(month),
): TimelinePoint => ({ month, asOf, evidenced, total: 80, elapsedShare });
const chartOf = (points: TimelinePoint[]) =>
  coverageChart({ apprenticeships: 1, points }, { id: 'c', subject: 'Zoë’s' })!;

describe('coverageChart', () => {
  // Plot: x 84…576 over 5 months (98.4 a month), y 252 (0%) … 16 (100%).
  const chart = chartOf([
    point('2026-01', 0, 0),
    point('2026-02', 20, 0.25),
    point('2026-03', 40, 0.5),
    point('2026-04', null, 0.75),
    point('2026-05', null, 1),
  ]);

  it('draws evidenced up to the month we are in and elapsed time to the planned gateway', () => {
    expect(chart.evidencedPoints).toBe('84,252 182.4,252 280.8,193 379.2,134');
    expect(chart.elapsedPoints).toBe('84,252 182.4,252 280.8,193 379.2,134 477.6,75 576,16');
    expect(chart.lastEvidenced).toEqual({ x: 379.2, y: 134 });
    expect(chart.xTicks[0]).toEqual({ x: 84, label: 'Jan 2026', minor: false });
  });

  it('puts the month we are in at today, not at its end', () => {
    const today = chartOf([
      point('2026-01', 0, 0),
      point('2026-02', 20, 0.25),
      point('2026-03', 40, 0.5, '2026-03-16'),
      point('2026-04', null, 0.75),
      point('2026-05', null, 1),
    ]);
    expect(today.lastEvidenced).toEqual({ x: 331.6, y: 134 });
    expect(today.summary).toMatch(/^By 16 March 2026, 40 of 80/);
    expect(monthFraction('2026-02-28')).toBe(1);
    expect(monthFraction('2024-02-14')).toBeCloseTo(14 / 29);
  });

  it('says where things stand in words, and gives every month as figures', () => {
    expect(chart.title).toBe(
      'Zoë’s criteria evidenced by month, against the share of time elapsed',
    );
    expect(chart.summary).toBe(
      'By 31 March 2026, 40 of 80 criteria evidenced (50%), with 50% of the time from start to planned gateway gone.',
    );
    expect(chart.rows[1]).toEqual({
      month: 'February 2026',
      evidenced: '20 of 80 (25%)',
      elapsedPercent: '25%',
    });
    expect(chart.rows[3].evidenced).toBe('not yet');
  });

  it('says how many apprentices a cohort’s figures pool', () => {
    const cohort = coverageChart(
      { apprenticeships: 2, points: [point('2026-01', 13, 0.5)] },
      { id: 'c', subject: 'The cohort’s' },
    )!;
    expect(cohort.summary).toMatch(
      /^By 31 January 2026, 13 of 80 criteria evidenced across 2 apprentices \(16\.3%\)/,
    );
  });

  it('labels at most five months along the bottom, the first and last always', () => {
    const long = chartOf(
      Array.from({ length: 24 }, (_, i) =>
        point(`${2026 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`, i, i / 23),
      ),
    );
    const labels = long.xTicks.map((t) => t.label);
    expect(labels.length).toBeLessThanOrEqual(5);
    expect(labels[0]).toBe('Jan 2026');
    expect(labels[labels.length - 1]).toBe('Dec 2027');
    expect(long.xTicks.map((t) => t.minor)).toEqual([false, true, false, true, false]);
    expect(long.yTicks.map((t) => t.label)).toEqual(['0%', '25%', '50%', '75%', '100%']);
  });

  it('draws no evidence line and says so when nothing has started', () => {
    const future = chartOf([point('2027-09', null, 0)]);
    expect(future.elapsedPoints).toBe('84,252 576,252');
    expect(future.evidencedPoints).toBe('');
    expect(future.lastEvidenced).toBeNull();
    expect(future.summary).toBe('Nothing to show yet: it starts in September 2027.');
  });

  it('draws nothing for a timeline without months', () => {
    expect(coverageChart({ apprenticeships: 0, points: [] }, { id: 'c', subject: 'x' })).toBeNull();
  });
});
