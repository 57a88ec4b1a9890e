import { describe, expect, it } from '@jest/globals';
import { addDays } from '../../common/clock/calendar.js';
import { reviewDueAfter, scheduleOf } from './review-schedule.js';

describe('the 3-calendar-month review rule', () => {
  it.each([
    ['2025-08-01', '2025-11-30'], // the issue's own example
    ['2025-08-31', '2025-11-30'],
    ['2025-08-15', '2025-11-30'],
    ['2025-01-31', '2025-04-30'],
    ['2025-01-01', '2025-04-30'],
    ['2025-11-30', '2026-02-28'],
    ['2027-11-30', '2028-02-29'], // leap year
    ['2027-11-01', '2028-02-29'],
    ['2028-11-30', '2029-02-28'],
    ['2099-11-15', '2100-02-28'], // 2100 is not a leap year
    ['2099-11-15', '2100-02-28'],
    ['2025-10-31', '2026-01-31'], // across the year end
    ['2025-12-31', '2026-03-31'],
    ['2025-09-30', '2025-12-31'],
    ['2024-02-29', '2024-05-31'],
    ['2026-05-31', '2026-08-31'],
    ['2026-06-30', '2026-09-30'],
  ])('a review on %s is next due by %s', (from, due) => {
    expect(reviewDueAfter(from)).toBe(due);
  });

  it('never allows more than three whole calendar months without a review', () => {
    for (let day = 0; day < 3 * 366; day++) {
      const from = new Date(Date.UTC(2025, 0, 1 + day)).toISOString().slice(0, 10);
      const due = reviewDueAfter(from);
      const gapMonths =
        (Number(due.slice(0, 4)) - Number(from.slice(0, 4))) * 12 +
        Number(due.slice(5, 7)) -
        Number(from.slice(5, 7));
      expect(gapMonths).toBe(3);
      // The due date is the last day of its month: the next day starts a new month.
      expect(addDays(due, 1).slice(8)).toBe('01');
    }
  });

  it('schedules the first review from the start, then from the last review', () => {
    const a = { startDate: '2025-01-06', status: 'in_training' };
    expect(scheduleOf(a, null, '2025-04-30')).toEqual({
      nextDueDate: '2025-04-30',
      ruleDueDate: '2025-04-30',
      daysOverdue: 0,
      overdue: false,
      inPracticalPeriod: true,
    });
    expect(scheduleOf(a, null, '2025-05-02')).toMatchObject({ overdue: true, daysOverdue: 2 });
    const held = { meetingDate: '2025-04-10', nextReviewDate: '2025-06-30' };
    expect(scheduleOf(a, held, '2025-07-01')).toMatchObject({
      nextDueDate: '2025-06-30',
      ruleDueDate: '2025-07-31',
      overdue: true,
    });
  });

  it('schedules nothing outside the practical period', () => {
    const a = { startDate: '2025-01-06', status: 'gateway' };
    expect(scheduleOf(a, null, '2026-12-01')).toMatchObject({
      nextDueDate: null,
      overdue: false,
      inPracticalPeriod: false,
    });
  });
});
