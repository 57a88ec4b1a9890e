import { describe, expect, it } from '@jest/globals';
import { transferable } from './transferable.js';

describe('bytes handed to a worker', () => {
  it('moves a file read for the render without copying it', () => {
    const read = Buffer.concat([Buffer.alloc(40_000, 1), Buffer.alloc(40_000, 2)]);
    const bytes = transferable(read);
    expect(bytes.buffer).toBe(read.buffer);
    structuredClone(bytes, { transfer: [bytes.buffer] });
    expect(read.length).toBe(0); // detached: it went to the worker, nothing stays here
  });

  it('copies a buffer that shares its memory, and a page copy that may still be in use', () => {
    const pooled = Buffer.from('a small file');
    const small = transferable(pooled);
    expect(small.buffer).not.toBe(pooled.buffer);
    expect(Buffer.from(small).toString()).toBe('a small file');
    const made = Buffer.alloc(50_000, 7);
    const copy = transferable({ bytes: made });
    expect(copy.buffer).not.toBe(made.buffer);
    structuredClone(copy, { transfer: [copy.buffer] });
    expect(made.length).toBe(50_000);
  });
});
