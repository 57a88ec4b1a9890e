import type { CoverageTimeline } from '../../modules/coverage/coverage-timeline.js';
import { percentOf } from '../../modules/portfolio/pdf/portfolio-document.js';

/**
 * The coverage-over-time chart as geometry for partials/coverage-chart.njk, which draws it as
 * inline SVG (autoescaped: names never become markup) with a table of the same figures.
 * Both lines are percentages on one axis: criteria evidenced, and time elapsed from start to
 * planned gateway, so "behind" reads as the solid line under the dashed one.
 */
export interface CoverageChart {
  id: string;
  title: string;
  summary: string;
  width: number;
  height: number;
  plot: { left: number; top: number; right: number; bottom: number };
  evidencedPoints: string;
  elapsedPoints: string;
  lastEvidenced: { x: number; y: number } | null;
  /** `minor` labels give way on narrow screens, leaving the first, the last and every other. */
  xTicks: { x: number; label: string; minor: boolean }[];
  yTicks: { y: number; label: string }[];
  rows: { month: string; evidenced: string; elapsedPercent: string }[];
}

const WIDTH = 600;
const HEIGHT = 300;
// Room on the left for "100%" at the larger type phones get (app.scss).
const PLOT = { left: 84, top: 16, right: WIDTH - 24, bottom: HEIGHT - 48 };
const MAX_X_LABELS = 5;

const MONTH_SHORT = new Intl.DateTimeFormat('en-GB', {
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});
const MONTH_LONG = new Intl.DateTimeFormat('en-GB', {
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});
const DAY = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});
const dateOf = (month: string) => new Date(`${month}-01T00:00:00Z`);

/** How far through its month a YYYY-MM-DD day is, at its end: 1 on the month's last day. */
export function monthFraction(day: string): number {
  const [year, month, date] = day.split('-').map(Number);
  return date / new Date(Date.UTC(year, month, 0)).getUTCDate();
}
export const monthShort = (month: string) => MONTH_SHORT.format(dateOf(month));
export const monthLong = (month: string) => MONTH_LONG.format(dateOf(month));

/** One decimal, as the percentages elsewhere; the share is already rounded to 3 decimals. */
const sharePercent = (share: number) => Math.round(share * 1000) / 10;
const round1 = (n: number) => Math.round(n * 10) / 10;

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
  // Time runs from the first month's first day (t = 0) to the last month's end (t = months);
  // each point sits at its own day: a month's end, or today within the month we are in.
  const x = (t: number) => round1(PLOT.left + (t / points.length) * (PLOT.right - PLOT.left));
  const y = (percent: number) =>
    round1(PLOT.bottom - (Math.min(Math.max(percent, 0), 100) / 100) * (PLOT.bottom - PLOT.top));
  const at = points.map((p, i) => i + monthFraction(p.asOf));
  const origin = `${x(0)},${y(0)}`;
  const evidenced = points
    .map((p, i) => ({ i, p }))
    .filter(({ p }) => p.evidenced !== null)
    .map(({ i, p }) => ({ x: x(at[i]), y: y(percentOf(p.evidenced!, p.total)) }));
  // Every step-th month and the last: at most MAX_X_LABELS labels.
  const step = Math.max(1, Math.ceil((points.length - 1) / (MAX_X_LABELS - 1)));
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
    width: WIDTH,
    height: HEIGHT,
    plot: PLOT,
    evidencedPoints: evidenced.length
      ? [origin, ...evidenced.map((p) => `${p.x},${p.y}`)].join(' ')
      : '',
    elapsedPoints: [
      origin,
      ...points.map((p, i) => `${x(at[i])},${y(sharePercent(p.elapsedShare))}`),
    ].join(' '),
    lastEvidenced: evidenced[evidenced.length - 1] ?? null,
    xTicks: points
      .map((p, i) => ({ i, p }))
      .filter(({ i }) => i % step === 0 || i === points.length - 1)
      .filter(({ i }) => i === points.length - 1 || points.length - 1 - i >= step / 2 || i === 0)
      .map(({ i, p }, n, all) => ({
        x: x(i),
        label: monthShort(p.month),
        minor: n % 2 === 1 && n !== all.length - 1,
      })),
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
