import { describe, expect, it } from '@jest/globals';
import { niceCeiling, otjChart } from './otj-chart.js';

const point = (
  month: string,
  approvedHours: number,
  expectedHours: number | null,
  reached = true,
) => ({
  month,
  asOf: `${month}-28`,
  reached,
  approvedHours,
  expectedHours,
});

describe('the off-the-job chart', () => {
  it('rounds the hours axis up to 1, 2 or 5 × a power of ten', () => {
    expect(niceCeiling(187)).toBe(200);
    expect(niceCeiling(420)).toBe(500);
    expect(niceCeiling(0)).toBe(10);
    expect(niceCeiling(1000)).toBe(1000);
  });

  it('draws approved hours only for months reached, and the expected line for all', () => {
    const chart = otjChart(
      [point('2026-01', 10, 20), point('2026-02', 30, 40), point('2026-03', 30, 60, false)],
      { id: 'c', subject: 'Zoë’s', plannedHours: 400 },
    )!;
    expect(chart.approvedPoints.split(' ')).toHaveLength(3);
    expect(chart.expectedPoints.split(' ')).toHaveLength(4);
    expect(chart.summary).toBe(
      'By February 2026, 30 hours approved of 40 expected by then and 400 planned.',
    );
    expect(chart.yTicks.map((t) => t.label)).toEqual(['0 h', '125 h', '250 h', '375 h', '500 h']);
    expect(chart.rows[2]).toEqual({ month: 'March 2026', approved: 'not yet', expected: '60' });
  });

  it('draws no expected line without planned hours', () => {
    const chart = otjChart([point('2026-01', 5, null)], {
      id: 'c',
      subject: 'Your',
      plannedHours: null,
    })!;
    expect(chart.expectedPoints).toBe('');
    expect(chart.summary).toContain('no planned hours set');
  });
});
