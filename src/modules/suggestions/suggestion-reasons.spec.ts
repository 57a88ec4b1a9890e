import { describe, expect, it } from '@jest/globals';
import { reasonText, StemWords } from './suggestion-reasons.js';

describe('Reasons in words', () => {
  it("names the evidence's own phrases for the stems that matched, longest runs first", () => {
    const words = new StemWords(
      'Set up model monitoring; monitoring of data quality and the quality of models.',
      new Set(['monitor', 'model', 'qualiti', 'data']),
    );
    const phrases = words.phrases(new Set(['monitor', 'model', 'qualiti', 'data']), (s) =>
      s === 'model' ? 0.5 : 2,
    );
    // Most telling first: two rare words before a rare and an everyday one.
    expect(phrases.slice(0, 2)).toEqual(['data quality', 'model monitoring']);
    expect(phrases).not.toContain('monitoring');
    // "models" alone is an everyday word of the standard: not named on its own.
    expect(phrases).not.toContain('models');
  });

  it('never gives an everyday word alone as the reason, however rare in the standard', () => {
    const stems = new Set(['set', 'system', 'drift', 'monitor']);
    const words = new StemWords('Set up drift monitoring for the billing system.', stems);
    expect(words.phrases(stems, () => 2)).toEqual(['drift monitoring']);
  });

  it('says what matched, the standard’s words and the provider’s history', () => {
    expect(
      reasonText({
        phrases: ['monitoring'],
        vocabulary: [
          { said: 'data drift', standard: 'model data drift' },
          { said: 'data drift', standard: 'monitor model data drift' },
        ],
        acceptedForSimilar: 3,
      }),
    ).toBe(
      'Your evidence says “monitoring”. “data drift” is the standard’s “model data drift”, ' +
        '“monitor model data drift”. Accepted for similar evidence 3 times at your provider.',
    );
    expect(reasonText({ phrases: [], vocabulary: [], acceptedForSimilar: 1 })).toBe(
      'Accepted for similar evidence once at your provider.',
    );
  });
});
