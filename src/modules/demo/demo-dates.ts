/** The days of the demo's history: when each act is replayed (Clock.at) and the dates it is given. */

import { DAY_MS, isoDay, parseDay } from '../../common/clock/calendar.js';

const HOUR_MS = 3_600_000;

/** 10:00 UTC on `day` plus `days`: when a demo act happens. */
export const dayAt = (day: string, days = 0): Date =>
  new Date(parseDay(day).getTime() + days * DAY_MS + 10 * HOUR_MS);

/** The day `days` before today (after it when negative). */
export const daysAgo = (days: number): string => isoDay(new Date(Date.now() - days * DAY_MS));
