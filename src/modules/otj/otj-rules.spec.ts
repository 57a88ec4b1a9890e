import { describe, expect, it } from '@jest/globals';
import {
  durationWords,
  gatewayTarget,
  hmm,
  minimumHours,
  minutesOf,
  warningsFor,
} from './otj-rules.js';

const base = {
  activityDate: '2026-03-02',
  startTime: null,
  durationMinutes: 60,
  category: { label: 'Teaching of theory', eligible: true },
  enteredOn: '2026-03-02',
  sameDay: [],
  rules: { maxDayMinutes: 720, lateAfterDays: 30 },
};
const codes = (input: Parameters<typeof warningsFor>[0]) => warningsFor(input).map((w) => w.code);

describe('off-the-job rules', () => {
  it('reads h:mm durations and writes them back', () => {
    expect(minutesOf('1:30')).toBe(90);
    expect(minutesOf('0:05')).toBe(5);
    expect(minutesOf('12:00')).toBe(720);
    expect(minutesOf('1:60')).toBeNull();
    expect(minutesOf('90')).toBeNull();
    expect(hmm(90)).toBe('1:30');
    expect(hmm(725)).toBe('12:05');
  });

  it('says a duration in words for people', () => {
    expect(durationWords(420)).toBe('7 hours');
    expect(durationWords(90)).toBe('1 hour 30 minutes');
    expect(durationWords(61)).toBe('1 hour 1 minute');
    expect(durationWords(45)).toBe('45 minutes');
    expect(durationWords(0)).toBe('0 minutes');
  });

  it('takes prior learning off the published minimum, never below the floor', () => {
    expect(minimumHours(400, 100, 187)).toBe(300);
    expect(minimumHours(250, 100, 187)).toBe(187);
    expect(minimumHours(null, 100, 187)).toBeNull();
  });

  it('checks gateway against the minimum, else the plan, else the floor', () => {
    expect(gatewayTarget(300, 400, 187)).toEqual({ hours: 300, basis: 'minimum' });
    expect(gatewayTarget(null, 400, 187)).toEqual({ hours: 400, basis: 'planned' });
    expect(gatewayTarget(null, null, 187)).toEqual({ hours: 187, basis: 'floor' });
  });

  it('warns about ineligible categories', () => {
    expect(codes({ ...base, category: { label: 'Induction', eligible: false } })).toEqual([
      'ineligible_category',
    ]);
    expect(codes(base)).toEqual([]);
  });

  it('warns about overlaps only when both entries have a start time', () => {
    const other = { startTime: '09:00:00', durationMinutes: 120 };
    expect(codes({ ...base, startTime: '10:30', sameDay: [other] })).toEqual(['overlap']);
    expect(codes({ ...base, startTime: '11:00', sameDay: [other] })).toEqual([]);
    expect(codes({ ...base, startTime: '08:00', sameDay: [other] })).toEqual([]);
    expect(codes({ ...base, startTime: '08:01', sameDay: [other] })).toEqual(['overlap']);
    expect(codes({ ...base, sameDay: [other] })).toEqual([]);
    expect(warningsFor({ ...base, startTime: '10:30', sameDay: [other] })[0].message).toBe(
      'Overlaps another entry on 2 March 2026 (09:00–11:00)',
    );
  });

  it('warns past 12 hours in a day, counting the other entries', () => {
    const sameDay = [{ startTime: null, durationMinutes: 660 }];
    expect(codes({ ...base, durationMinutes: 60, sameDay })).toEqual([]);
    expect(codes({ ...base, durationMinutes: 61, sameDay })).toEqual(['over_day_limit']);
    expect(warningsFor({ ...base, durationMinutes: 90, sameDay })[0].message).toBe(
      '12 hours 30 minutes logged on 2 March 2026: more than 12 hours in one day',
    );
  });

  it('warns when entered more than 30 days after the activity', () => {
    expect(codes({ ...base, activityDate: '2026-01-31', enteredOn: '2026-03-02' })).toEqual([]);
    expect(codes({ ...base, activityDate: '2026-01-30', enteredOn: '2026-03-02' })).toEqual([
      'entered_late',
    ]);
  });
});
