/** The days of the demo's history: when each act is replayed (Clock.at) and the dates it is given. */

export const DAY_MS = 86_400_000;

/** A moment as its day, YYYY-MM-DD (UTC). */
export const isoDay = (date: Date): string => date.toISOString().slice(0, 10);

/** 10:00 UTC on `day` plus `days`: when a demo act happens. */
export const dayAt = (day: string, days = 0): Date =>
  new Date(Date.parse(`${day}T10:00:00Z`) + days * DAY_MS);

/** The day `days` before today (after it when negative). */
export const daysAgo = (days: number): string => isoDay(new Date(Date.now() - days * DAY_MS));
