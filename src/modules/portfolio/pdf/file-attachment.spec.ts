import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { entropyBits } from './file-attachment.js';

describe('entropyBits: which attachments deflate with Huffman codes alone', () => {
  it('is 0 for one repeated byte and close to 8 for random bytes', () => {
    expect(entropyBits(Buffer.alloc(10_000, 'a'))).toBe(0);
    expect(entropyBits(randomBytes(200_000))).toBeGreaterThan(7.9);
  });

  it('puts base64 (a notebook plot) above the line and source code below it', () => {
    const base64 = Buffer.from(randomBytes(300_000).toString('base64'));
    const source = readFileSync(new URL(import.meta.url));
    expect(entropyBits(base64)).toBeGreaterThan(5.6);
    expect(entropyBits(source)).toBeLessThan(5.6);
  });
});
