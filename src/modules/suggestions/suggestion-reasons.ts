/**
 * The reason for a suggestion, in words, from nothing but the evidence's own words, the standard's
 * phrases and a count: no other evidence's text ever reaches it.
 */
import { fold } from './vocabulary.js';
import type { VocabularyHit } from './vocabulary.js';

/** Up to this many phrases of the evidence are named in a reason. */
const MAX_PHRASES = 5;
/**
 * A phrase is named only if one of its words is this rare among the criteria (idf: in fewer than
 * about a third of them).
 */
const MIN_TELLING = 1.5;
/**
 * Words that say nothing of what the work showed, however rare in the standard: "set" (as in "set
 * up") matched B5's "settings", and "system" is any system at all.
 */
const EVERYDAY = new Set([
  'use',
  'appli',
  'includ',
  'ensur',
  'identifi',
  'consid',
  'support',
  'set',
  'system',
]);

/**
 * Which word of the evidence a stem stands for. The English stemmer keeps a word's beginning
 * ("monitoring" → monitor, "quality" → qualiti), so a word whose beginning is the stem (or the
 * stem less its last letter), and not much longer, is taken as its word; the longest stem wins.
 */
export class StemWords {
  /** Folded words; null where punctuation ends a phrase. */
  private readonly tokens: (string | null)[];
  private readonly stemOf = new Map<string, string | null>();

  constructor(
    text: string,
    private readonly stems: ReadonlySet<string>,
  ) {
    this.tokens = text
      .split(/[.,;:!?()[\]{}"“”\n]+/)
      .flatMap((part) => [...fold(part).split(' ').filter(Boolean), null]);
  }

  stem(token: string): string | null {
    let found = this.stemOf.get(token);
    if (found !== undefined) return found;
    found = null;
    for (let end = Math.min(token.length, 24); end >= 2; end--) {
      const head = token.slice(0, end);
      if (token.length - end > 5) break;
      if (this.stems.has(head)) {
        found = head;
        break;
      }
      if (this.stems.has(`${head}i`) && /[iy]/.test(token[end] ?? '')) {
        found = `${head}i`;
        break;
      }
    }
    this.stemOf.set(token, found);
    return found;
  }

  /**
   * The evidence's phrases made of the given stems: runs of neighbouring words that each carry
   * one, in the order they first appear, the most telling (by summed weight) first.
   */
  phrases(wanted: ReadonlySet<string>, weight: (stem: string) => number): string[] {
    const runs = new Map<string, number>();
    let run: string[] = [];
    let score = 0;
    let telling = 0;
    const close = () => {
      // A run of only everyday words of the standard ("use", "model") explains nothing.
      if (run.length && telling >= MIN_TELLING) {
        const phrase = run.join(' ');
        runs.set(phrase, Math.max(runs.get(phrase) ?? 0, score));
      }
      run = [];
      score = 0;
      telling = 0;
    };
    for (const token of this.tokens) {
      const stem = token === null ? null : this.stem(token);
      if (token !== null && stem && wanted.has(stem)) {
        run.push(token);
        score += weight(stem);
        if (!EVERYDAY.has(stem)) telling = Math.max(telling, weight(stem));
        if (run.length === 4) close();
      } else close();
    }
    close();
    // A phrase already inside a longer one adds nothing.
    const all = [...runs.entries()].sort((a, b) => b[1] - a[1]).map(([p]) => p);
    return all.filter((p) => !all.some((q) => q !== p && ` ${q} `.includes(` ${p} `)));
  }
}

export interface ReasonParts {
  phrases: string[];
  vocabulary: VocabularyHit[];
  acceptedForSimilar: number;
}

export function topPhrases(phrases: string[]): string[] {
  return phrases.slice(0, MAX_PHRASES);
}

const quoted = (list: string[]) => list.map((p) => `“${p}”`).join(', ');

/** "Your evidence says “model monitoring”, “drift” (in the standard’s words: “model data drift”)." */
export function reasonText(parts: ReasonParts): string {
  const sentences: string[] = [];
  if (parts.phrases.length) sentences.push(`Your evidence says ${quoted(parts.phrases)}.`);
  if (parts.vocabulary.length) {
    const bySaid = new Map<string, string[]>();
    for (const h of parts.vocabulary)
      bySaid.set(h.said, [...(bySaid.get(h.said) ?? []), h.standard]);
    const pairs = [...bySaid.entries()]
      .slice(0, 3)
      .map(([said, standard]) => `“${said}” is the standard’s ${quoted(standard)}`);
    sentences.push(`${capitalise(pairs.join('; '))}.`);
  }
  if (parts.acceptedForSimilar > 0) {
    const n = parts.acceptedForSimilar;
    sentences.push(
      `Accepted for similar evidence ${n === 1 ? 'once' : `${n} times`} at your provider.`,
    );
  }
  return sentences.join(' ');
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
