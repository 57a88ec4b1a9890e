/**
 * How large a structure a client may send, and two walks that hold it to that without recursion:
 * one over the raw JSON bytes (before JSON.parse builds anything) and one over a parsed value
 * (multipart forms, query strings, and a second line of defence). class-transformer's cost grows
 * with the square of an object's keys (150,000 keys took 49 s of event loop), and recursive walks
 * overflow the stack on deep nesting, so neither may see a body these limits refuse.
 */
import type { FieldError } from '../errors/app-error.js';

export interface ShapeLimits {
  /** Objects and arrays inside one another. */
  maxDepth: number;
  /** Keys of one object: the transform's cost grows with their square. */
  maxObjectKeys: number;
  /** Items of one array: the cost is linear, so this is much larger. */
  maxArrayItems: number;
  /** Values in the whole body. */
  maxValues: number;
}

/** Deeper than any DTO (3 levels) and any standard document, far below any stack limit. */
export const SHAPE_LIMITS: ShapeLimits = {
  maxDepth: 16,
  maxObjectKeys: 1000,
  maxArrayItems: 10_000,
  maxValues: 100_000,
};

const MAX_PATH_LENGTH = 200;

interface Frame {
  array: boolean;
  /** Commas seen at this level: items (or keys) minus one. */
  commas: number;
  /** The key being read at this level (objects), as raw JSON text. */
  key: string;
}

/** Where the innermost open container sits: each outer level's key or index, dotted. */
function pathOf(frames: Frame[]): string {
  const path = frames
    .slice(0, -1)
    .map((f) => (f.array ? String(f.commas) : f.key))
    .join('.');
  return path.length > MAX_PATH_LENGTH ? `${path.slice(0, MAX_PATH_LENGTH)}…` : path || 'body';
}

/**
 * Scans raw JSON for nesting and width beyond `limits`, in one pass over the bytes with no
 * allocation per value. Lenient about anything else: JSON.parse still judges validity.
 */
export function scanJsonShape(bytes: Uint8Array, limits: ShapeLimits): FieldError | undefined {
  const frames: Frame[] = [];
  let values = 0;
  let inString = false;
  let stringStart = 0;
  let lastString = '';
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) {
        inString = false;
        // Only keys need their text (for the error's path); decode lazily and briefly.
        const top = frames[frames.length - 1];
        if (top && !top.array) lastString = Buffer.from(bytes.subarray(stringStart, i)).toString();
      }
      continue;
    }
    switch (c) {
      case 0x22: // "
        inString = true;
        stringStart = i + 1;
        break;
      case 0x3a: // :
        if (frames.length > 0) frames[frames.length - 1].key = lastString.slice(0, 60);
        break;
      case 0x7b: // {
      case 0x5b: // [
        frames.push({ array: c === 0x5b, commas: 0, key: '' });
        values++;
        if (frames.length > limits.maxDepth) {
          return { field: pathOf(frames), message: `nests deeper than ${limits.maxDepth} levels` };
        }
        break;
      case 0x7d: // }
      case 0x5d: // ]
        frames.pop();
        break;
      case 0x2c: {
        // ,
        const top = frames[frames.length - 1];
        if (!top) break;
        top.commas++;
        values++;
        const max = top.array ? limits.maxArrayItems : limits.maxObjectKeys;
        if (top.commas >= max) {
          const what = top.array ? 'items' : 'keys';
          return { field: pathOf(frames), message: `has more than ${max} ${what}` };
        }
        if (values > limits.maxValues) {
          return { field: 'body', message: `has more than ${limits.maxValues} values` };
        }
        break;
      }
    }
  }
  return undefined;
}

interface Visit {
  value: unknown;
  path: string;
  depth: number;
}

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const join = (path: string, key: string | number) => (path ? `${path}.${key}` : String(key));
const MAX_REPORTED = 20;

/**
 * Problems in a parsed value, as field errors: nesting and width beyond `limits`, NUL characters
 * (PostgreSQL cannot store them) and lone surrogates (not text in any encoding). Iterative, in
 * document order, and stops after a handful of problems.
 */
export function inputProblems(value: unknown, root: string, limits: ShapeLimits): FieldError[] {
  const problems: FieldError[] = [];
  const stack: Visit[] = [{ value, path: root, depth: 0 }];
  let values = 0;
  while (stack.length > 0 && problems.length < MAX_REPORTED) {
    const { value: current, path, depth } = stack.pop() as Visit;
    const field = path || 'value';
    if (++values > limits.maxValues) {
      problems.push({ field: root || 'body', message: `has more than ${limits.maxValues} values` });
      break;
    }
    if (typeof current === 'string') {
      if (current.includes('\u0000')) {
        problems.push({ field, message: 'must not contain NUL characters' });
      } else if (LONE_SURROGATE.test(current)) {
        problems.push({ field, message: 'must be valid Unicode text (it has a lone surrogate)' });
      }
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    if (depth >= limits.maxDepth) {
      problems.push({ field, message: `nests deeper than ${limits.maxDepth} levels` });
      continue;
    }
    const array = Array.isArray(current);
    const size = array ? current.length : Object.keys(current).length;
    const max = array ? limits.maxArrayItems : limits.maxObjectKeys;
    if (size > max) {
      problems.push({
        field: path || 'body',
        message: `has more than ${max} ${array ? 'items' : 'keys'}`,
      });
      continue;
    }
    const entries: [string | number, unknown][] = array
      ? current.map((v: unknown, i) => [i, v])
      : Object.entries(current);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i];
      stack.push({ value: child, path: join(path, key), depth: depth + 1 });
    }
  }
  return problems;
}
