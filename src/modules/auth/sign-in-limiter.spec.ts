import { describe, expect, it } from '@jest/globals';
import { SignInLimiter } from './login-rate-limiter.js';

describe('SignInLimiter', () => {
  const limits = { perAccountAndAddress: 2, perAccountPerHour: 3, perAddress: 4 };

  it('counts before the check, so the third try from one address is refused at once', () => {
    let now = 0;
    const limiter = new SignInLimiter(limits, () => now);
    const keys = { account: 'a@x', address: '1.1.1.1' };
    expect(limiter.take(keys)).toBeUndefined();
    expect(limiter.take(keys)).toBeUndefined();
    expect(limiter.take(keys)).toBe(60);
    now = 30_000;
    expect(limiter.take(keys)).toBe(30);
    now = 60_001;
    expect(limiter.take(keys)).toBeUndefined();
  });

  it('keys the short limit on account and address, the hourly one on the account', () => {
    const limiter = new SignInLimiter(limits, () => 0);
    expect(limiter.take({ account: 'a@x', address: '1' })).toBeUndefined();
    expect(limiter.take({ account: 'a@x', address: '2' })).toBeUndefined();
    expect(limiter.take({ account: 'a@x', address: '3' })).toBeUndefined();
    expect(limiter.take({ account: 'a@x', address: '4' })).toBe(3600);
    expect(limiter.take({ account: 'b@x', address: '4' })).toBeUndefined();
  });

  it('limits one address across accounts', () => {
    const limiter = new SignInLimiter(limits, () => 0);
    for (const account of ['a', 'b', 'c', 'd']) {
      expect(limiter.take({ account, address: '9' })).toBeUndefined();
    }
    expect(limiter.take({ account: 'e', address: '9' })).toBe(60);
  });

  it('frees the address on success and takes back attempts that got no verdict', () => {
    const limiter = new SignInLimiter(limits, () => 0);
    const keys = { account: 'a@x', address: '1' };
    limiter.take(keys);
    limiter.take(keys);
    limiter.succeeded(keys);
    expect(limiter.take(keys)).toBeUndefined();
    limiter.undo(keys); // counted neither for the address nor for the account
    expect(limiter.take(keys)).toBeUndefined();
    expect(limiter.take(keys)).toBeUndefined();
    // Three counted for the account this hour (the success was given back): its budget is spent.
    expect(limiter.take(keys)).toBe(3600);
  });
});
