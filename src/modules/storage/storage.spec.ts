/**
 * Key safety is the storage layer's last line of defence: every refusal rule, as a table.
 */
import { describe, expect, it } from '@jest/globals';
import { UNSAFE_KEYS } from '../../../test/support/storage.contract.js';
import { assertSafeKey, containsControlCharacters, FileStorage, isValidKey } from './storage.js';

class KeysOnly extends FileStorage {
  write = () => Promise.reject(new Error('unused'));
  read = () => Promise.reject(new Error('unused'));
  stat = () => Promise.reject(new Error('unused'));
  delete = () => Promise.reject(new Error('unused'));
  exists = () => Promise.reject(new Error('unused'));
  removeStaleTemporaries = () => Promise.reject(new Error('unused'));
  health = () => Promise.reject(new Error('unused'));
  async *list() {}
}

describe('storage keys', () => {
  it('makes sharded UUID keys whose shards come from the UUID', () => {
    const key = new KeysOnly().newKey();
    expect(key).toMatch(/^([0-9a-f]{2})\/([0-9a-f]{2})\/\1\2[0-9a-f]{4}-/);
    expect(isValidKey(key)).toBe(true);
    expect(() => assertSafeKey(key)).not.toThrow();
  });

  it.each([
    ['', 'non-empty'],
    ['/etc/passwd', 'absolute'],
    ['c:/x', 'absolute'],
    ['ab/../cd', '".."'],
    ['ab\\cd', 'backslash'],
    ['ab/cd/\u0000', 'control'],
    ['ab/cd/x\u202e', 'control'],
    ['ab/cd/ef', 'newKey'],
    ['12/34/abcd0000-0000-4000-8000-000000000000', 'newKey'],
  ])('refuses %j (%s)', (key, reason) => {
    expect(isValidKey(key)).toBe(false);
    expect(() => assertSafeKey(key)).toThrow(reason);
    expect(() => assertSafeKey(key)).toThrow(
      expect.objectContaining({ name: 'UnsafeStorageKeyError' }),
    );
  });

  it('refuses every key of the contract table, and non-strings', () => {
    expect(UNSAFE_KEYS.filter((key) => isValidKey(key))).toEqual([]);
    expect(isValidKey(undefined)).toBe(false);
    expect(isValidKey(42)).toBe(false);
  });

  it.each([
    ['plain.pdf', false],
    ['Präsentation – final.pdf', false],
    ['tab\there', true],
    ['bell\u0007', true],
    ['del\u007f', true],
    ['c1\u0085', true],
    ['\u202efdp.exe', true],
    ['isolate\u2066', true],
  ])('%j contains control characters: %s', (value, expected) => {
    expect(containsControlCharacters(value)).toBe(expected);
  });
});
