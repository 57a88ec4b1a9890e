import { describe, expect, it } from '@jest/globals';
import { reviewDueAfter } from '../reviews/review-schedule.js';
import { meetingsBefore } from './demo-reviews.js';

describe('meetingsBefore', () => {
  it('spaces the reviews so each is held by the date the rule sets after the one before', () => {
    for (const [start, last] of [
      ['2024-09-02', '2026-10-19'],
      ['2026-01-05', '2026-11-30'],
      ['2026-01-31', '2026-05-31'],
    ]) {
      const meetings = meetingsBefore(start, last);
      let previous = start;
      for (const meeting of [...meetings, last]) {
        expect(meeting > previous).toBe(true);
        expect(meeting <= reviewDueAfter(previous)).toBe(true);
        previous = meeting;
      }
    }
    expect(meetingsBefore('2024-09-02', '2026-10-19')).toHaveLength(9);
  });

  it('has none when the last review is the first one due', () => {
    expect(meetingsBefore('2026-01-05', '2026-03-20')).toEqual([]);
    expect(meetingsBefore('2026-01-05', '2026-01-05')).toEqual([]);
  });
});
