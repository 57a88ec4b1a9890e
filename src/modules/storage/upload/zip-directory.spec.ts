/**
 * The central-directory reader decides whether an office upload is accepted: pin its edge cases.
 */
import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { samples, zipOf } from '../../../../test/support/sample-files.js';
import { zipEntryNames } from './zip-directory.js';

describe('zipEntryNames', () => {
  it('lists the entries of a whole archive, in order', () => {
    const zip = zipOf([
      ['a.txt', 'a'],
      ['word/document.xml', '<w/>'],
      ['[Content_Types].xml', '<Types/>'],
    ]);
    expect(zipEntryNames(zip)).toEqual(['a.txt', 'word/document.xml', '[Content_Types].xml']);
  });

  it('needs only the tail that holds the central directory', () => {
    const zip = samples.docxLateContentTypes();
    expect(zipEntryNames(zip.subarray(zip.length - 300))).toContain('[Content_Types].xml');
  });

  it('tolerates an archive comment', () => {
    const zip = zipOf([['x', 'y']]);
    const comment = Buffer.from('made by a test');
    const withComment = Buffer.concat([
      zip.subarray(0, -2),
      Buffer.from([comment.length, 0]),
      comment,
    ]);
    expect(zipEntryNames(withComment)).toEqual(['x']);
  });

  it.each([
    ['not a zip', randomBytes(2000)],
    ['a tail that cuts the directory', samples.docxLateContentTypes().subarray(-60)],
    ['too short', Buffer.from('PK')],
    [
      'a broken directory entry',
      Buffer.concat([Buffer.alloc(60), zipOf([['x', 'y']]).subarray(-22)]),
    ],
  ])('answers undefined for %s', (_label, tail) => {
    expect(zipEntryNames(tail)).toBeUndefined();
  });
});
