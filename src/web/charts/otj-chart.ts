import type { OtjTimelinePoint } from '../../modules/otj/otj-progress.service.js';
import { type MonthChartFrame, monthAxes, monthLong, polyline } from './month-chart.js';

/**
 * Approved off-the-job hours month by month against the expected line (planned hours × the
 * share of time elapsed), as geometry for partials/otj-chart.njk: the coverage chart's axes and
 * drawing, in hours instead of percent.
 */
export interface OtjChart extends MonthChartFrame {
  approvedPoints: string;
  expectedPoints: string;
  lastApproved: { x: number; y: number } | null;
  rows: { month: string; approved: string; expected: string }[];
}

/** A round top for the hours axis: 1, 2 or 5 × a power of ten, at least the highest value. */
export function niceCeiling(value: number): number {
  if (value <= 0) return 10;
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 5, 10].map((m) => m * power).find((v) => v >= value)!;
}

export function otjChart(
  points: OtjTimelinePoint[],
  options: { id: string; subject: string; plannedHours: number | null },
): OtjChart | null {
  if (points.length === 0) return null;
  const reached = points.filter((p) => p.reached);
  const top = niceCeiling(
    Math.max(options.plannedHours ?? 0, ...points.map((p) => p.approvedHours)),
  );
  const { x, y, at, origin, xTicks, frame } = monthAxes(points, top);
  const approved = reached.map((p) => ({ x: x(at[points.indexOf(p)]), y: y(p.approvedHours) }));
  const last = reached[reached.length - 1];
  const expectedNow = last?.expectedHours;
  return {
    id: options.id,
    title: `${options.subject} approved off-the-job hours by month, against the hours expected`,
    summary: last
      ? `By ${monthLong(last.month)}, ${last.approvedHours} hours approved` +
        (expectedNow === null || expectedNow === undefined
          ? ' (no planned hours set, so nothing is expected yet).'
          : ` of ${expectedNow} expected by then and ${options.plannedHours} planned.`)
      : `Nothing to show yet: it starts in ${monthLong(points[0].month)}.`,
    ...frame,
    approvedPoints: polyline(origin, approved),
    expectedPoints:
      options.plannedHours === null
        ? ''
        : [origin, ...points.map((p, i) => `${x(at[i])},${y(p.expectedHours ?? 0)}`)].join(' '),
    lastApproved: approved[approved.length - 1] ?? null,
    xTicks,
    yTicks: [0, 0.25, 0.5, 0.75, 1].map((f) => ({ y: y(top * f), label: `${top * f} h` })),
    rows: points.map((p) => ({
      month: monthLong(p.month),
      approved: p.reached ? `${p.approvedHours}` : 'not yet',
      expected: p.expectedHours === null ? '—' : `${p.expectedHours}`,
    })),
  };
}
