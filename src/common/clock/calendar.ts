/**
 * Calendar days as the service writes and compares them: YYYY-MM-DD, counted in UTC. The one
 * place the day arithmetic lives (review schedules, off-the-job lateness, the demo's history).
 */

export const DAY_MS = 86_400_000;

/** A moment as its day, YYYY-MM-DD (UTC). */
export const isoDay = (date: Date): string => date.toISOString().slice(0, 10);

/** Midnight UTC at the start of the day `iso`. */
export const parseDay = (iso: string): Date => new Date(`${iso}T00:00:00Z`);

/** A real calendar date written YYYY-MM-DD, years 1900–2999 (not 2026-02-30). */
export const isIsoDate = (value: unknown): value is string =>
  typeof value === 'string' &&
  /^(19|2\d)\d{2}-\d{2}-\d{2}$/.test(value) &&
  !Number.isNaN(parseDay(value).getTime()) &&
  isoDay(parseDay(value)) === value;

/** Whole days from the day `from` to the day (or the instant's day) `to`. */
export function daysBetween(from: string, to: string | Date): number {
  const end = typeof to === 'string' ? parseDay(to.slice(0, 10)) : parseDay(isoDay(to));
  return Math.round((end.getTime() - parseDay(from).getTime()) / DAY_MS);
}

const LONG_DAY = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

/** A day as people read it, "2 December 2026": in pages and in messages that name a day. */
export const longDay = (day: string | Date): string =>
  LONG_DAY.format(typeof day === 'string' ? parseDay(day) : day);

/** The day `days` after `iso` (before it when negative). */
export const addDays = (iso: string, days: number): string =>
  isoDay(new Date(parseDay(iso).getTime() + days * DAY_MS));
