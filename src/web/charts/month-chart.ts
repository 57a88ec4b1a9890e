/**
 * What the month-by-month charts (coverage over time, off-the-job hours) share: their size and
 * plot area, the month axis along the bottom and a value scale up the side, as geometry for the
 * partials that draw them as inline SVG.
 */
export interface MonthChartFrame {
  id: string;
  title: string;
  summary: string;
  width: number;
  height: number;
  plot: { left: number; top: number; right: number; bottom: number };
  /** `minor` labels give way on narrow screens, leaving the first, the last and every other. */
  xTicks: { x: number; label: string; minor: boolean }[];
  yTicks: { y: number; label: string }[];
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
const dateOf = (month: string) => new Date(`${month}-01T00:00:00Z`);

/** How far through its month a YYYY-MM-DD day is, at its end: 1 on the month's last day. */
export function monthFraction(day: string): number {
  const [year, month, date] = day.split('-').map(Number);
  return date / new Date(Date.UTC(year, month, 0)).getUTCDate();
}
export const monthShort = (month: string) => MONTH_SHORT.format(dateOf(month));
export const monthLong = (month: string) => MONTH_LONG.format(dateOf(month));

const round1 = (n: number) => Math.round(n * 10) / 10;

/** A month of a chart: `month` is YYYY-MM, `asOf` the day (YYYY-MM-DD) its figures are from. */
export interface ChartMonth {
  month: string;
  asOf: string;
}

/**
 * The axes for `months` with values from 0 to `top`. Time runs from the first month's first day
 * (t = 0) to the last month's end (t = months); each point sits at its own day (`at`): a month's
 * end, or today within the month we are in. Every step-th month is labelled, and the last: at most
 * MAX_X_LABELS labels.
 */
export function monthAxes(months: ChartMonth[], top: number) {
  const x = (t: number) => round1(PLOT.left + (t / months.length) * (PLOT.right - PLOT.left));
  const y = (value: number) =>
    round1(PLOT.bottom - (Math.min(Math.max(value, 0), top) / top) * (PLOT.bottom - PLOT.top));
  const step = Math.max(1, Math.ceil((months.length - 1) / (MAX_X_LABELS - 1)));
  const lastIndex = months.length - 1;
  const xTicks = months
    .map((m, i) => ({ i, m }))
    .filter(({ i }) => i % step === 0 || i === lastIndex)
    .filter(({ i }) => i === lastIndex || lastIndex - i >= step / 2 || i === 0)
    .map(({ i, m }, n, all) => ({
      x: x(i),
      label: monthShort(m.month),
      minor: n % 2 === 1 && n !== all.length - 1,
    }));
  return {
    x,
    y,
    at: months.map((m, i) => i + monthFraction(m.asOf)),
    origin: `${x(0)},${y(0)}`,
    xTicks,
    frame: { width: WIDTH, height: HEIGHT, plot: PLOT },
  };
}

/** `points` as an SVG polyline from the origin; '' when there are none. */
export const polyline = (origin: string, points: { x: number; y: number }[]) =>
  points.length ? [origin, ...points.map((p) => `${p.x},${p.y}`)].join(' ') : '';
