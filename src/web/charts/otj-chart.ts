import type { OtjTimelinePoint } from '../../modules/otj/otj-progress.service.js';
import { monthFraction, monthLong, monthShort } from './coverage-chart.js';

/**
 * Approved off-the-job hours month by month against the expected line (planned hours × the
 * share of time elapsed), as geometry for partials/otj-chart.njk: the coverage chart's axes and
 * drawing, in hours instead of percent.
 */
export interface OtjChart {
  id: string;
  title: string;
  summary: string;
  width: number;
  height: number;
  plot: { left: number; top: number; right: number; bottom: number };
  approvedPoints: string;
  expectedPoints: string;
  lastApproved: { x: number; y: number } | null;
  xTicks: { x: number; label: string; minor: boolean }[];
  yTicks: { y: number; label: string }[];
  rows: { month: string; approved: string; expected: string }[];
}

const WIDTH = 600;
const HEIGHT = 300;
const PLOT = { left: 84, top: 16, right: WIDTH - 24, bottom: HEIGHT - 48 };
const MAX_X_LABELS = 5;
const round1 = (n: number) => Math.round(n * 10) / 10;

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
  const x = (t: number) => round1(PLOT.left + (t / points.length) * (PLOT.right - PLOT.left));
  const y = (hours: number) =>
    round1(PLOT.bottom - (Math.min(Math.max(hours, 0), top) / top) * (PLOT.bottom - PLOT.top));
  const at = points.map((p, i) => i + monthFraction(p.asOf));
  const origin = `${x(0)},${y(0)}`;
  const approved = reached.map((p) => ({ x: x(at[points.indexOf(p)]), y: y(p.approvedHours) }));
  const step = Math.max(1, Math.ceil((points.length - 1) / (MAX_X_LABELS - 1)));
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
    width: WIDTH,
    height: HEIGHT,
    plot: PLOT,
    approvedPoints: approved.length
      ? [origin, ...approved.map((p) => `${p.x},${p.y}`)].join(' ')
      : '',
    expectedPoints:
      options.plannedHours === null
        ? ''
        : [origin, ...points.map((p, i) => `${x(at[i])},${y(p.expectedHours ?? 0)}`)].join(' '),
    lastApproved: approved[approved.length - 1] ?? null,
    xTicks: points
      .map((p, i) => ({ i, p }))
      .filter(({ i }) => i % step === 0 || i === points.length - 1)
      .filter(({ i }) => i === points.length - 1 || points.length - 1 - i >= step / 2 || i === 0)
      .map(({ i, p }, n, all) => ({
        x: x(i),
        label: monthShort(p.month),
        minor: n % 2 === 1 && n !== all.length - 1,
      })),
    yTicks: [0, 0.25, 0.5, 0.75, 1].map((f) => ({ y: y(top * f), label: `${top * f} h` })),
    rows: points.map((p) => ({
      month: monthLong(p.month),
      approved: p.reached ? `${p.approvedHours}` : 'not yet',
      expected: p.expectedHours === null ? '—' : `${p.expectedHours}`,
    })),
  };
}
