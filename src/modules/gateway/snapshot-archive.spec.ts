import { describe, expect, it } from '@jest/globals';
import { folderName, safeFileName } from './snapshot-archive.js';

describe('gateway pack names', () => {
  it('names a folder by reference and title, in any script', () => {
    expect(folderName('E3', 'Bias audit: the credit model (v2)')).toBe(
      'E3-bias-audit-the-credit-model-v2',
    );
    expect(folderName('E4', '模型评估报告')).toBe('E4-模型评估报告');
    expect(folderName('E5', '!!!')).toBe('E5');
    expect(folderName('E6', 'x'.repeat(100))).toBe(`E6-${'x'.repeat(48)}`);
  });

  it('keeps a file name inside its folder', () => {
    expect(safeFileName('../../etc/passwd')).toBe('_.._etc_passwd');
    expect(safeFileName('a\\b:c*?.txt')).toBe('a_b_c__.txt');
    expect(safeFileName('\u0000')).toBe('_');
    expect(safeFileName('...')).toBe('file');
  });
});
