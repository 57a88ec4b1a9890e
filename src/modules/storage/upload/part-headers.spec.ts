import { describe, expect, it } from '@jest/globals';
import { boundaryOf, parseDisposition, PartHeaderScanner } from './part-headers.js';

const BOUNDARY = '----KsbBoundary7';

function body(...dispositions: string[]): Buffer {
  const parts = dispositions.map(
    (d) => `--${BOUNDARY}\r\n${d}\r\nContent-Type: text/plain\r\n\r\nhello\r\nworld\r\n`,
  );
  return Buffer.from(`preamble\r\n${parts.join('')}--${BOUNDARY}--\r\nepilogue`);
}

/** Feeds the body in chunks of `size` bytes, so every state is crossed at every offset. */
function scan(bytes: Buffer, size = bytes.length) {
  const scanner = new PartHeaderScanner(BOUNDARY);
  for (let at = 0; at < bytes.length; at += size) {
    const problem = scanner.write(bytes.subarray(at, at + size));
    if (problem) return problem;
  }
  return undefined;
}

describe('PartHeaderScanner', () => {
  const good = [
    'Content-Disposition: form-data; name="title"',
    'Content-Disposition: form-data; name="files"; filename="Präsentation (final).pdf"',
    'content-disposition: form-data; name=files; filename=a.txt',
    `Content-Disposition: form-data; name="files"; filename*=UTF-8''%E2%82%AC.txt`,
    'Content-Disposition: form-data; name="files"; filename="quote \\" inside.txt"',
  ];

  it.each([1, 3, 7, 64, 10_000])('accepts well-formed parts in chunks of %i bytes', (size) => {
    expect(scan(body(...good), size)).toBeUndefined();
  });

  it.each([
    ['an unescaped quote', 'Content-Disposition: form-data; name="files"; filename="a"b.txt"'],
    ['an unbalanced quote', 'Content-Disposition: form-data; name="files"; filename="ab.txt'],
    ['a broken filename*', 'Content-Disposition: form-data; name="files"; filename*=UTF-8\'\'%ZZ'],
    ['a folded header', 'Content-Disposition: form-data; name="files";\r\n filename="a.txt"'],
    ['no disposition', 'X-Note: none'],
    ['another disposition type', 'Content-Disposition: attachment; name="files"'],
    ['a control character', 'Content-Disposition: form-data; name="files"; filename="a\u0001.txt"'],
  ])('refuses %s, naming the field', (_, disposition) => {
    for (const size of [1, 5, 10_000]) {
      const problem = scan(body(good[0], disposition, good[1]), size);
      expect(problem?.field).toBe('files');
      expect(problem?.message).toMatch(/^part 2 /);
    }
  });

  it('stops looking after the closing delimiter', () => {
    const bytes = Buffer.concat([body(good[0]), Buffer.from(`\r\n--${BOUNDARY}\r\nX: y\r\n\r\n`)]);
    expect(scan(bytes, 4)).toBeUndefined();
  });
});

describe('parseDisposition and boundaryOf', () => {
  it('reads names and file names', () => {
    expect(parseDisposition(' form-data; name="files"; filename="a b.txt"').params).toEqual(
      new Map([
        ['name', 'files'],
        ['filename', 'a b.txt'],
      ]),
    );
    expect(parseDisposition('form-data; name="a"; name="b"').error).toMatch(/twice/);
  });

  it('finds the boundary, quoted or not', () => {
    expect(boundaryOf('multipart/form-data; boundary=abc')).toBe('abc');
    expect(boundaryOf('multipart/form-data; charset=utf-8; boundary="a b"')).toBe('a b');
    expect(boundaryOf('multipart/form-data')).toBeUndefined();
  });
});
