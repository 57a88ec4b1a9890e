import { describe, expect, it } from '@jest/globals';
import { decodeText, parseDelimited } from './file-body.js';
import { textLines } from './monospace.js';
import { MAX_NOTEBOOK_BYTES, parseNotebook } from './notebook-body.js';

describe('reading evidence files defensively', () => {
  it('parses a notebook, and says why one cannot be read', () => {
    const ok = parseNotebook(Buffer.from('{"nbformat":4,"cells":[{"cell_type":"code"},3,null]}'));
    expect(ok).toEqual({ cells: [{ cell_type: 'code' }] });
    expect(parseNotebook(Buffer.from('{"cells": ['))).toEqual({
      unreadable: expect.stringMatching(/^it is not valid JSON/),
    });
    expect(parseNotebook(Buffer.from('{"nbformat":3,"worksheets":[]}'))).toEqual({
      unreadable: expect.stringMatching(/no list of cells.*\(nbformat 3\)/),
    });
    expect(parseNotebook(Buffer.from('[]'))).toHaveProperty('unreadable');
    expect(parseNotebook(Buffer.alloc(MAX_NOTEBOOK_BYTES + 1, 32))).toEqual({
      unreadable: 'it is larger than 32 MB',
    });
  });

  it('reads CSV fields with quotes, doubled quotes and line breaks, up to a limit', () => {
    const rows = parseDelimited(
      'a,"b, c","say ""hi"""\r\n1,"two\nlines",3\n\n4,5,6\n7,8,9',
      ',',
      3,
    );
    expect(rows).toEqual([
      ['a', 'b, c', 'say "hi"'],
      ['1', 'two\nlines', '3'],
      ['4', '5', '6'],
    ]);
    expect(parseDelimited('x\ty\n1\t2', '\t', 10)).toEqual([
      ['x', 'y'],
      ['1', '2'],
    ]);
  });

  it('keeps indentation, expands tabs and removes terminal colour codes', () => {
    expect(textLines('if x:\n\treturn 1\n  \u001b[31mred\u001b[0m\n')).toEqual([
      'if x:',
      '    return 1',
      '  red',
    ]);
  });

  it('takes UTF-8 text and refuses binary', () => {
    expect(decodeText(Buffer.from('\uFEFFZoë'))).toBe('Zoë');
    expect(decodeText(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00]))).toEqual({
      unreadable: 'it contains binary data, not text',
    });
  });
});
