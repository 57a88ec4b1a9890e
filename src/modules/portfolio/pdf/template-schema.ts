/**
 * A small schema language for the template files: the schema is the single description of the
 * shape, the TypeScript type is inferred from it and the validator walks it, so the two cannot
 * drift. Every problem is reported with its path (`colours.coverage.claimed`), unknown keys too,
 * because a mistyped key in a template would otherwise be silently ignored.
 */
export type Leaf<T> = (value: unknown, path: string, errors: string[]) => T | undefined;
export interface ObjectSchema {
  readonly [key: string]: Schema;
}
export type Schema = Leaf<unknown> | ObjectSchema;

export type Infer<S> = S extends Leaf<infer T> ? T : { -readonly [K in keyof S]: Infer<S[K]> };

export function parseWith<S extends Schema>(
  schema: S,
  value: unknown,
  path: string,
  errors: string[],
): Infer<S> | undefined {
  if (typeof schema === 'function') return schema(value, path, errors) as Infer<S>;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    errors.push(`${path || '(template)'}: must be an object`);
    return undefined;
  }
  const input = value as Record<string, unknown>;
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(input)) {
    if (!(key in schema)) errors.push(`${join(path, key)}: unknown key`);
  }
  for (const [key, child] of Object.entries(schema)) {
    if (!(key in input)) {
      errors.push(`${join(path, key)}: is required`);
      continue;
    }
    result[key] = parseWith(child, input[key], join(path, key), errors);
  }
  return result as Infer<S>;
}

const join = (path: string, key: string | number) => (path ? `${path}.${key}` : String(key));

export const text: Leaf<string> = (value, path, errors) => {
  if (typeof value === 'string' && value.trim() !== '') return value;
  errors.push(`${path}: must be a non-empty string`);
  return undefined;
};

export function num(min: number, max: number): Leaf<number> {
  return (value, path, errors) => {
    if (typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max) {
      return value;
    }
    errors.push(`${path}: must be a number from ${min} to ${max}`);
    return undefined;
  };
}

export const colour: Leaf<string> = (value, path, errors) => {
  if (typeof value === 'string' && /^#[0-9a-f]{6}$/i.test(value)) return value;
  errors.push(`${path}: must be a colour like #1a2b3c`);
  return undefined;
};

export function oneOf<const T extends string>(options: readonly T[]): Leaf<T> {
  return (value, path, errors) => {
    if (options.includes(value as T)) return value as T;
    errors.push(`${path}: must be one of ${options.join(', ')}`);
    return undefined;
  };
}

export function list<T>(item: Leaf<T>, min = 0): Leaf<T[]> {
  return (value, path, errors) => {
    if (!Array.isArray(value) || value.length < min) {
      errors.push(`${path}: must be a list of at least ${min}`);
      return undefined;
    }
    return value.map((v, i) => item(v, join(path, i), errors) as T);
  };
}

/** An object with exactly these keys, each a non-empty string. */
export function strings<const K extends string>(keys: readonly K[]): Leaf<Record<K, string>> {
  const schema = Object.fromEntries(keys.map((k) => [k, text])) as ObjectSchema;
  return (value, path, errors) => parseWith(schema, value, path, errors) as Record<K, string>;
}
