/**
 * The domain vocabulary kept beside the standard (standards/<CODE>-<version>.vocabulary.txt): the
 * words ML engineers use, each mapped to phrases of the standard's own text. Finding those words in
 * evidence adds the standard's phrases to what the criteria are searched with, and the reason
 * names both ("drift", the standard's "model data drift").
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CATALOGUE_DIR } from '../standards/catalogue-files.js';

export interface VocabularyEntry {
  /** Folded phrases as apprentices write them. */
  says: string[];
  /** The standard's own wording (verbatim from its criteria), as written there. */
  standard: string[];
}

/** Like the database's ksb_fold(): lower case, no accents, anything but letters and digits a space. */
export function fold(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

export function parseVocabulary(text: string, label: string): VocabularyEntry[] {
  const entries: VocabularyEntry[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const sides = line.split('=>');
    const list = (side: string) =>
      side
        .split(';')
        .map((p) => p.trim())
        .filter(Boolean);
    const says = list(sides[0] ?? '')
      .map(fold)
      .filter(Boolean);
    const standard = list(sides[1] ?? '');
    if (sides.length !== 2 || says.length === 0 || standard.length === 0) {
      throw new Error(`${label}:${i + 1}: expected "phrases => standard phrases"`);
    }
    entries.push({ says, standard });
  });
  return entries;
}

const cache = new Map<string, VocabularyEntry[]>();

/** The vocabulary of a standard version; none (an empty list) when no file is kept for it. */
export function vocabularyFor(code: string, version: string): VocabularyEntry[] {
  const key = `${code}-${version}`;
  let entries = cache.get(key);
  if (!entries) {
    const file = join(CATALOGUE_DIR, `${key}.vocabulary.txt`);
    entries = existsSync(file)
      ? parseVocabulary(readFileSync(file, 'utf8'), `standards/${key}.vocabulary.txt`)
      : [];
    cache.set(key, entries);
  }
  return entries;
}

export interface VocabularyHit {
  /** What the evidence says (folded). */
  said: string;
  /** The standard's phrase it stands for. */
  standard: string;
}

/**
 * Every standard phrase the evidence's words call up, once each, with the first (longest) phrase of
 * the evidence that called it up.
 */
export function vocabularyHits(text: string, entries: VocabularyEntry[]): VocabularyHit[] {
  const doc = ` ${fold(text)} `;
  const hits = new Map<string, VocabularyHit>();
  for (const entry of entries) {
    const said = [...entry.says]
      .sort((a, b) => b.length - a.length)
      .find((p) => doc.includes(` ${p} `));
    if (!said) continue;
    for (const standard of entry.standard) {
      if (!hits.has(standard)) hits.set(standard, { said, standard });
    }
  }
  return [...hits.values()];
}
