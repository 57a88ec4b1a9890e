import { describe, expect, it } from '@jest/globals';
import { Clock } from './clock.js';

describe('Clock', () => {
  it('is the system time outside `at`, and the instant given inside it, across awaits', async () => {
    const clock = new Clock();
    const before = Date.now();
    expect(clock.now().getTime()).toBeGreaterThanOrEqual(before);
    const instant = new Date('2025-03-11T10:00:00Z');
    const seen = await clock.at(instant, async () => {
      const first = clock.today();
      await new Promise((resolve) => setTimeout(resolve, 5));
      return [first, clock.now().toISOString()];
    });
    expect(seen).toEqual(['2025-03-11', '2025-03-11T10:00:00.000Z']);
    expect(clock.now().getTime()).toBeGreaterThanOrEqual(before);
  });

  it('keeps the instant to the work given: other work meanwhile has the system time', async () => {
    const clock = new Clock();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const replayed = clock.at(new Date('2024-12-10T10:00:00Z'), async () => {
      await gate;
      return clock.today();
    });
    expect(clock.today()).toBe(new Date().toISOString().slice(0, 10));
    release();
    expect(await replayed).toBe('2024-12-10');
  });
});
