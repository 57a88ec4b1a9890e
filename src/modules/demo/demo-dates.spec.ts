import { describe, expect, it } from '@jest/globals';
import { dayAt } from './demo-dates.js';

describe('demo dates', () => {
  it('acts at 10:00 UTC on the day, stepping whole days over clock changes and month ends', () => {
    expect(dayAt('2026-11-02').toISOString()).toBe('2026-11-02T10:00:00.000Z');
    expect(dayAt('2026-03-28', 2).toISOString()).toBe('2026-03-30T10:00:00.000Z');
    expect(dayAt('2024-09-02', -14).toISOString()).toBe('2024-08-19T10:00:00.000Z');
  });
});
