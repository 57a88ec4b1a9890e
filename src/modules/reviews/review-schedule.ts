import { daysBetween, isoDay, parseDay } from '../../common/clock/calendar.js';

/**
 * The progress-review rules, written once (the SQL twin is `reviewDueSql`).
 *
 * "At least every 3 calendar months" counts whole calendar months: after a review (or the start)
 * in one month, the three calendar months that follow may not all pass without the next review.
 * So the next is due by the last day of the third month after the month of the last one — a
 * review on 1 August (or on 31 August) is due again by 30 November, one on 31 January by
 * 30 April, one on 30 November by 28 February (29 February in a leap year).
 */
export const REVIEW_INTERVAL_MONTHS = 3;

/** A signature given more than this many days after the meeting is flagged as late. */
export const LATE_SIGNATURE_DAYS = 14;

/** When the next review is due after one held on (or a practical period starting on) `from`. */
export function reviewDueAfter(from: string): string {
  const d = parseDay(from);
  // Day 0 of the month after the third one is that third month's last day.
  return isoDay(
    new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + REVIEW_INTERVAL_MONTHS + 1, 0)),
  );
}

/** The same rule in SQL, for reports over many apprenticeships: `expr` is a date. */
export const reviewDueSql = (expr: string) =>
  `(date_trunc('month', ${expr}) + interval '${REVIEW_INTERVAL_MONTHS + 1} months' - interval '1 day')::date`;

export interface ReviewSchedule {
  /** When the next review is due: the date agreed at the last review, else the rule from the start. */
  nextDueDate: string | null;
  /** What the 3-calendar-month rule alone gives from the last review (or the start). */
  ruleDueDate: string | null;
  /** Days past `nextDueDate`, 0 when not overdue. */
  daysOverdue: number;
  overdue: boolean;
  /** Reviews are scheduled only while the apprentice is in training (the practical period). */
  inPracticalPeriod: boolean;
}

/**
 * The schedule from the apprenticeship's start and its latest review (by meeting date). A later
 * date agreed at that review (with its recorded reason) is the one that counts.
 */
export function scheduleOf(
  apprenticeship: { startDate: string; status: string },
  latest: { meetingDate: string; nextReviewDate: string } | null,
  today: string,
): ReviewSchedule {
  const inPracticalPeriod = apprenticeship.status === 'in_training';
  if (!inPracticalPeriod) {
    return {
      nextDueDate: null,
      ruleDueDate: null,
      daysOverdue: 0,
      overdue: false,
      inPracticalPeriod,
    };
  }
  const ruleDueDate = reviewDueAfter(latest?.meetingDate ?? apprenticeship.startDate);
  const nextDueDate = latest?.nextReviewDate ?? ruleDueDate;
  const daysOverdue = Math.max(0, daysBetween(nextDueDate, today));
  return { nextDueDate, ruleDueDate, daysOverdue, overdue: daysOverdue > 0, inPracticalPeriod };
}
