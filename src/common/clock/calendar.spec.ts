import { describe, expect, it } from '@jest/globals';
import { addDays, daysBetween, isIsoDate, isoDay, longDay } from './calendar.js';

describe('calendar days', () => {
  it('knows a real calendar date', () => {
    expect(['2024-02-29', '2025-12-31', '2026-01-01'].map(isIsoDate)).toEqual([true, true, true]);
    const bad: unknown[] = ['2025-02-29', '2026-02-30', '2026-13-01', '2026-1-01', '1899-12-31'];
    bad.push('', 'soon', 20260101, null);
    expect(bad.map(isIsoDate)).toEqual(bad.map(() => false));
  });

  it('writes a day as people read it, whatever the time zone', () => {
    expect(longDay('2026-12-02')).toBe('2 December 2026');
    expect(longDay(new Date('2026-03-01T23:30:00Z'))).toBe('1 March 2026');
  });

  it('counts days in UTC', () => {
    expect(daysBetween('2025-11-30', '2025-12-01')).toBe(1);
    expect(daysBetween('2025-08-01', new Date('2025-08-15T23:59:00Z'))).toBe(14);
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2025-03-30', '2025-03-29')).toBe(-1);
    // A change of the clocks in Europe changes nothing: days are UTC days.
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
  });

  it('steps over month and year ends, and back', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(isoDay(new Date('2026-12-07T23:59:59Z'))).toBe('2026-12-07');
  });
});
