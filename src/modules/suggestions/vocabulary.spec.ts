import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CATALOGUE_DIR } from '../standards/catalogue-files.js';
import { fold, parseVocabulary, vocabularyFor, vocabularyHits } from './vocabulary.js';

const standard = JSON.parse(readFileSync(join(CATALOGUE_DIR, 'ST1398-1.0.json'), 'utf8')) as {
  criteria: { kind: string; code: string; text: string }[];
};

describe('The domain vocabulary kept beside ST1398', () => {
  const entries = vocabularyFor('ST1398', '1.0');

  it('maps only to wording the standard itself uses in a knowledge, skill or behaviour', () => {
    const texts = standard.criteria
      .filter((c) => c.kind !== 'duty')
      .map((c) => ` ${fold(c.text)} `);
    expect(entries.length).toBeGreaterThan(40);
    const invented = entries
      .flatMap((e) => e.standard)
      .filter((phrase) => !texts.some((t) => t.includes(` ${fold(phrase)} `)));
    expect(invented).toEqual([]);
  });

  it('never names a criterion code: words map to words, not to criteria', () => {
    const raw = readFileSync(join(CATALOGUE_DIR, 'ST1398-1.0.vocabulary.txt'), 'utf8');
    const lines = raw.split('\n').filter((l) => l.trim() && !l.startsWith('#'));
    expect(lines.filter((l) => /\b[KSBD]\d{1,2}\b/.test(l))).toEqual([]);
  });

  it('finds phrases as whole words, the longest of an entry, each standard phrase once', () => {
    const hits = vocabularyHits('We watch for Data-Drift weekly; drifting is not drift.', entries);
    const drift = hits.filter((h) => h.standard === 'model data drift');
    expect(drift).toEqual([{ said: 'data drift', standard: 'model data drift' }]);
    expect(vocabularyHits('the apiary and the ci/cd pipeline', entries).map((h) => h.said)).toEqual(
      expect.arrayContaining(['ci cd']),
    );
    expect(vocabularyHits('nothing here', entries)).toEqual([]);
  });

  it('refuses a malformed line with its number', () => {
    expect(() => parseVocabulary('# c\nfoo => bar\nno arrow here\n', 'v.txt')).toThrow('v.txt:3');
    expect(() => parseVocabulary('foo =>  \n', 'v.txt')).toThrow('v.txt:1');
  });

  it('is empty for a standard without a vocabulary file', () => {
    expect(vocabularyFor('ST0000', '9.9')).toEqual([]);
  });
});
