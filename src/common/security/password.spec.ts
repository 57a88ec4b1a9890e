import { describe, expect, it } from '@jest/globals';
import { hashPassword, passwordWeakness, verifyPassword } from './password.js';

describe('passwords', () => {
  it('hashes with argon2id and verifies', async () => {
    const hash = await hashPassword('correct horse 42 battery');
    expect(hash).toMatch(/^\$argon2id\$/);
    await expect(verifyPassword(hash, 'correct horse 42 battery')).resolves.toBe(true);
    await expect(verifyPassword(hash, 'wrong horse 42 battery')).resolves.toBe(false);
    await expect(verifyPassword('not-a-hash', 'x')).resolves.toBe(false);
  });

  it.each([
    ['short1!', /at least 12/],
    ['aaaaaaaaaaaaaaa1', /different characters/],
    ['onlylettersherepls', /mix letters/],
    ['123456789012345', /mix letters/],
    ['zoe.smith-2026!', /email/],
  ])('rejects %s', (password, reason) => {
    expect(passwordWeakness(password, 'zoe.smith@example.com')).toMatch(reason);
  });

  it('accepts a long mixed password', () => {
    expect(passwordWeakness('tutor-review-2026', 'zoe@example.com')).toBeNull();
  });
});
