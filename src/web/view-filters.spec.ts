import { describe, expect, it } from '@jest/globals';
import nunjucks from 'nunjucks';
import { registerFilters } from './view-filters.js';

describe('the views’ date and time words', () => {
  const env = new nunjucks.Environment();
  registerFilters(env);
  const at = (iso: string) => env.renderString('{{ d | dateTime }}', { d: iso });

  it('writes times as GOV.UK does, in UK time, with 12 for the hour after midnight and noon', () => {
    expect(at('2026-12-08T00:09:00Z')).toBe('8 December 2026 at 12:09am');
    expect(at('2026-06-08T11:30:00Z')).toBe('8 June 2026 at 12:30pm'); // British Summer Time
    expect(at('2026-12-08T16:05:00Z')).toBe('8 December 2026 at 4:05pm');
  });
});
