import type { FieldError } from '../../common/errors/app-error.js';
import { daysBetween, longDay } from '../../common/clock/calendar.js';
import type { OtjWarning } from './entities/otj-entry.entity.js';

/**
 * The off-the-job rules that need no database: durations, the minimum after prior learning, and
 * the wording of each warning. The figures they take (floor, day limit, late days) are data of
 * the rules year (otj_rule_years).
 */

/** "h:mm" (or "hh:mm"): hours and minutes, minutes 00–59. */
export const DURATION = /^(\d{1,2}):([0-5]\d)$/;
/** "HH:MM", 00:00–23:59. */
export const CLOCK_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes in an "h:mm" duration, or null when it is not one. */
export function minutesOf(duration: string): number | null {
  const m = DURATION.exec(duration);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/** Minutes after midnight of an "HH:MM" (or "HH:MM:SS", as PostgreSQL returns a time). */
export function clockMinutes(time: string): number {
  const [h, m] = time.split(':').map(Number);
  return h * 60 + m;
}

/** 90 → "1:30". */
export function hmm(minutes: number): string {
  const m = Math.round(minutes);
  return `${Math.floor(m / 60)}:${String(m % 60).padStart(2, '0')}`;
}

/** 90 → "1 hour 30 minutes", 420 → "7 hours", 45 → "45 minutes": a duration for people. */
export function durationWords(minutes: number): string {
  const m = Math.round(minutes);
  const [hours, rest] = [Math.floor(m / 60), m % 60];
  const count = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (!hours) return count(rest, 'minute');
  return rest ? `${count(hours, 'hour')} ${count(rest, 'minute')}` : count(hours, 'hour');
}

/** An "h:mm" duration in words ("1:30" → "1 hour 30 minutes"); anything else as it is. */
export function durationInWords(duration: string): string {
  const minutes = minutesOf(duration);
  return minutes === null ? duration : durationWords(minutes);
}

/** A duration's own rule, as a message about the field, or none when it may be logged. */
export function durationProblem(minutes: number) {
  if (minutes === 0) return 'must be more than 0:00';
  if (minutes > 24 * 60) return 'must be at most 24:00';
  return undefined;
}

/** The activity date's own rule, as a message about the field, or none when the date may be logged. */
export function activityDateProblem(
  date: string,
  startDate: string,
  today: string,
): Omit<FieldError, 'field'> | undefined {
  if (date > today) {
    return {
      message: 'is in the future: log training once it has happened',
      rule: 'not_in_future',
      limit: today,
    };
  }
  if (date < startDate) {
    return {
      message: `is before the apprenticeship started (${longDay(startDate)})`,
      rule: 'not_before_start',
      limit: startDate,
    };
  }
  return undefined;
}

/** Minutes as hours, to two decimals (the API's unit). */
export const hoursOf = (minutes: number): number => Math.round((minutes / 60) * 100) / 100;

/**
 * The minimum an apprenticeship must reach: the standard version's published figure less the
 * prior-learning reduction, never below the year's floor. Null while the published figure is
 * unknown (it is never guessed).
 */
export function minimumHours(
  published: number | null,
  rplHours: number,
  floorHours: number,
): number | null {
  return published === null ? null : Math.max(floorHours, published - rplHours);
}

/**
 * What the gateway compares actual hours with: the minimum when known, else the planned hours
 * (set by the provider, never below the floor), else the floor itself.
 */
export function gatewayTarget(
  minimum: number | null,
  planned: number | null,
  floorHours: number,
): { hours: number; basis: 'minimum' | 'planned' | 'floor' } {
  if (minimum !== null) return { hours: minimum, basis: 'minimum' };
  if (planned !== null) return { hours: planned, basis: 'planned' };
  return { hours: floorHours, basis: 'floor' };
}

/** Another entry on the same day, as the overlap and day-limit checks read it. */
export interface SameDayEntry {
  startTime: string | null;
  durationMinutes: number;
}

export interface WarningInput {
  activityDate: string;
  startTime: string | null;
  durationMinutes: number;
  category: { label: string; eligible: boolean };
  /** The day the entry is written (YYYY-MM-DD). */
  enteredOn: string;
  /** Other entries of the apprenticeship on that day, rejected ones left out. */
  sameDay: SameDayEntry[];
  rules: { maxDayMinutes: number; lateAfterDays: number };
}

/**
 * A day has 24 hours: an entry that would take its day's entries (rejected ones left out) past
 * them is refused, not merely flagged like a long day. The problem in words, or null.
 */
export function dayOverflow(
  activityDate: string,
  durationMinutes: number,
  sameDay: SameDayEntry[],
): string | null {
  const already = sameDay.reduce((n, e) => n + e.durationMinutes, 0);
  if (already + durationMinutes <= 24 * 60) return null;
  return `would make ${durationWords(already + durationMinutes)} on ${longDay(activityDate)}, more than the 24 hours in a day (${durationWords(already)} already logged that day)`;
}

/**
 * Everything about an entry that a reviewer should look at twice. Each is a warning, not a
 * refusal: the entry is kept, pending, with its warnings, and the person deciding sees them.
 */
export function warningsFor(input: WarningInput): OtjWarning[] {
  const warnings: OtjWarning[] = [];
  if (!input.category.eligible) {
    warnings.push({
      code: 'ineligible_category',
      message: `${input.category.label}: these hours do not count towards off-the-job training`,
    });
  }
  const start = input.startTime === null ? null : clockMinutes(input.startTime);
  for (const other of input.sameDay) {
    if (start === null || other.startTime === null) continue;
    const otherStart = clockMinutes(other.startTime);
    if (start < otherStart + other.durationMinutes && otherStart < start + input.durationMinutes) {
      warnings.push({
        code: 'overlap',
        message: `Overlaps another entry on ${longDay(input.activityDate)} (${other.startTime.slice(0, 5)}–${clockOf(otherStart + other.durationMinutes)})`,
      });
      break;
    }
  }
  const day = input.durationMinutes + input.sameDay.reduce((n, e) => n + e.durationMinutes, 0);
  if (day > input.rules.maxDayMinutes) {
    warnings.push({
      code: 'over_day_limit',
      message: `${durationWords(day)} logged on ${longDay(input.activityDate)}: more than ${durationWords(input.rules.maxDayMinutes)} in one day`,
    });
  }
  const late = daysBetween(input.activityDate, input.enteredOn);
  if (late > input.rules.lateAfterDays) {
    warnings.push({
      code: 'entered_late',
      message: `Entered ${late} days after the activity (more than ${input.rules.lateAfterDays})`,
    });
  }
  return warnings;
}

/** Minutes after midnight as "HH:MM" (past midnight it wraps: 25:00 → 01:00). */
const clockOf = (minutes: number) => {
  const m = minutes % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
};
