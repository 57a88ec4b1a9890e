import { describe, expect, it } from '@jest/globals';
import { inputProblems, scanJsonShape, ShapeLimits } from './input-shape.js';

const limits: ShapeLimits = { maxDepth: 4, maxObjectKeys: 3, maxArrayItems: 5, maxValues: 50 };
const scan = (json: string) => scanJsonShape(Buffer.from(json), limits);

describe('scanJsonShape', () => {
  it('accepts what fits, whatever the strings contain', () => {
    expect(scan('{"a":[1,2,3,4,5],"b":{"c":{"d":1}},"e":"x,y,{[[[[[\\"]]]"}')).toBeUndefined();
    expect(scan('[]')).toBeUndefined();
  });

  it('names where it nests too deep', () => {
    expect(scan('{"a":{"b":[{"c":{"d":1}}]}}')).toEqual({
      field: 'a.b.0.c',
      message: 'nests deeper than 4 levels',
    });
    expect(scan('['.repeat(2000) + ']'.repeat(2000))?.message).toMatch(/deeper/);
  });

  it('names an object with too many keys and an array with too many items', () => {
    expect(scan('{"a":{"k1":1,"k2":2,"k3":3,"k4":4}}')).toEqual({
      field: 'a',
      message: 'has more than 3 keys',
    });
    expect(scan('{"list":[[1,2,3,4,5,6]]}')).toEqual({
      field: 'list.0',
      message: 'has more than 5 items',
    });
    expect(scan('{"k1":1,"k2":2,"k3":3,"k4":4}')?.field).toBe('body');
  });

  it('scans 150,000 keys without building them', () => {
    const wide = `{${Array.from({ length: 150_000 }, (_, i) => `"k${i}":1`).join(',')}}`;
    expect(
      scanJsonShape(Buffer.from(wide), { ...limits, maxObjectKeys: 1000, maxValues: 1e6 }),
    ).toEqual({
      field: 'body',
      message: 'has more than 1000 keys',
    });
  });
});

describe('inputProblems', () => {
  it('walks 100,000 levels without recursion', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    expect(inputProblems(deep, '', { ...limits, maxValues: 1e6 })).toEqual([
      { field: 'a.a.a.a', message: 'nests deeper than 4 levels' },
    ]);
  });

  it('names NUL characters and lone surrogates', () => {
    expect(inputProblems({ title: 'a\u0000b', tags: [{ code: 'K1\uD800' }] }, '', limits)).toEqual([
      { field: 'title', message: 'must not contain NUL characters' },
      { field: 'tags.0.code', message: 'must be valid Unicode text (it has a lone surrogate)' },
    ]);
    expect(inputProblems('\uDC00x', 'q', limits)[0].field).toBe('q');
    expect(inputProblems({ ok: 'emoji 😀 and ü' }, '', limits)).toEqual([]);
  });

  it('names objects and arrays that are too wide', () => {
    expect(inputProblems({ a: { b: 1, c: 2, d: 3, e: 4 } }, '', limits)).toEqual([
      { field: 'a', message: 'has more than 3 keys' },
    ]);
    expect(inputProblems([1, 2, 3, 4, 5, 6], '', limits)).toEqual([
      { field: 'body', message: 'has more than 5 items' },
    ]);
  });
});
