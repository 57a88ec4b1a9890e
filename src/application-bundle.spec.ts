import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBundle } from './application-bundle.js';

describe('runBundle', () => {
  let dir: string;
  let file: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ksb-bundle-'));
    file = join(dir, 'bundle.cjs');
    await writeFile(
      file,
      "const { sep } = require('node:path');\n" +
        'module.exports = { answer: 42, dir: __dirname, file: __filename, sep };\n',
    );
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('runs a CommonJS file as Node would: require, module, __dirname and __filename', () => {
    const { exports, rejected } = runBundle(file);
    expect(exports).toEqual({ answer: 42, dir, file, sep: '/' });
    expect(rejected).toBe(false);
  });

  it('uses a code cache made from the same source', async () => {
    const cache = join(dir, 'bundle.cjs.cache');
    await writeFile(cache, runBundle(file).codeCache());
    const { exports, rejected } = runBundle(file, cache);
    expect(rejected).toBe(false);
    expect(exports).toMatchObject({ answer: 42 });
  });

  it('ignores a cache that does not fit the source and compiles as usual', async () => {
    const other = join(dir, 'other.cjs');
    await writeFile(
      other,
      'module.exports = { other: true, padding: "' + 'x'.repeat(500) + '" };\n',
    );
    const cache = join(dir, 'other.cjs.cache');
    await writeFile(cache, runBundle(other).codeCache());
    const { exports, rejected } = runBundle(file, cache);
    expect(rejected).toBe(true);
    expect(exports).toMatchObject({ answer: 42 });
  });

  it('is happy without a cache file', () => {
    expect(runBundle(file, join(dir, 'missing.cache')).rejected).toBe(false);
  });
});
