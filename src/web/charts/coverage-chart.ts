import type { CoverageTimeline } from '../../modules/coverage/coverage-timeline.js';
import { percentOf } from '../../modules/portfolio/pdf/portfolio-document.js';
import { type MonthChartFrame, monthAxes, monthLong, polyline } from './month-chart.js';

/**
 * The coverage-over-time chart as geometry for partials/coverage-chart.njk, which draws it as
 * inline SVG (autoescaped: names never become markup) with a table of the same figures.
 * Both lines are percentages on one axis: criteria evidenced, and time elapsed from start to
 * planned gateway, so "behind" reads as the solid line under the dashed one.
 */
export interface CoverageChart extends MonthChartFrame {
  evidencedPoints: string;
  elapsedPoints: string;
  lastEvidenced: { x: number; y: number } | null;
  rows: { month: string; evidenced: string; elapsedPercent: string }[];
}

const DAY = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

/** One decimal, as the percentages elsewhere; the share is already rounded to 3 decimals. */
const sharePercent = (share: number) => Math.round(share * 1000) / 10;

/**
 * `timeline` as a chart; null when it has no months (a cohort with nobody in it). `subject`
 * names whose coverage it is in the summary ("Zoë’s", "the cohort’s").
 */
export function coverageChart(
  timeline: CoverageTimeline,
  options: { id: string; subject: string },
): CoverageChart | null {
  const { points } = timeline;
  if (points.length === 0) return null;
  const { x, y, at, origin, xTicks, frame } = monthAxes(points, 100);
  const evidenced = points
    .map((p, i) => ({ i, p }))
    .filter(({ p }) => p.evidenced !== null)
    .map(({ i, p }) => ({ x: x(at[i]), y: y(percentOf(p.evidenced!, p.total)) }));
  const last = [...points].reverse().find((p) => p.evidenced !== null);
  return {
    id: options.id,
    title: `${options.subject} criteria evidenced by month, against the share of time elapsed`,
    summary: last
      ? `By ${DAY.format(new Date(`${last.asOf}T00:00:00Z`))}, ${last.evidenced} of ${last.total} ` +
        `criteria evidenced${timeline.apprenticeships > 1 ? ` across ${timeline.apprenticeships} apprentices` : ''} ` +
        `(${percentOf(last.evidenced!, last.total)}%), with ` +
        `${sharePercent(last.elapsedShare)}% of the time from start to planned gateway gone.`
      : `Nothing to show yet: it starts in ${monthLong(points[0].month)}.`,
    ...frame,
    evidencedPoints: polyline(origin, evidenced),
    elapsedPoints: [
      origin,
      ...points.map((p, i) => `${x(at[i])},${y(sharePercent(p.elapsedShare))}`),
    ].join(' '),
    lastEvidenced: evidenced[evidenced.length - 1] ?? null,
    xTicks,
    yTicks: [0, 25, 50, 75, 100].map((v) => ({ y: y(v), label: `${v}%` })),
    rows: points.map((p) => ({
      month: monthLong(p.month),
      evidenced:
        p.evidenced === null
          ? 'not yet'
          : `${p.evidenced} of ${p.total} (${percentOf(p.evidenced, p.total)}%)`,
      elapsedPercent: `${sharePercent(p.elapsedShare)}%`,
    })),
  };
}
