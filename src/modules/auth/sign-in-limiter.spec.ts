import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { SignInLimiter } from './login-rate-limiter.js';
import { LimitSpec } from './rate-limits.js';

/** The embedded mode's store: rate-limiter-flexible in memory. */
const memory = (spec: LimitSpec) =>
  new RateLimiterMemory({
    keyPrefix: spec.name,
    points: spec.points,
    duration: spec.durationSeconds,
  });

describe('SignInLimiter', () => {
  const limits = { perAccountAndAddress: 2, perAccountPerHour: 3, perAddress: 4 };
  let now = 0;
  const at = (ms: number) => {
    now = ms;
    jest.setSystemTime(ms);
  };

  beforeEach(() => {
    jest.useFakeTimers({ now: 0 });
    at(0);
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('counts before the check, so the third try from one address is refused at once', async () => {
    const limiter = new SignInLimiter(limits, memory);
    const keys = { account: 'a@x', address: '1.1.1.1' };
    await expect(limiter.take(keys)).resolves.toBeUndefined();
    await expect(limiter.take(keys)).resolves.toBeUndefined();
    await expect(limiter.take(keys)).resolves.toBe(60);
    at(30_000);
    await expect(limiter.take(keys)).resolves.toBe(30);
    at(60_001);
    await expect(limiter.take(keys)).resolves.toBeUndefined();
    expect(now).toBe(60_001);
  });

  it('keys the short limit on account and address, the hourly one on the account', async () => {
    const limiter = new SignInLimiter(limits, memory);
    await expect(limiter.take({ account: 'a@x', address: '1' })).resolves.toBeUndefined();
    await expect(limiter.take({ account: 'a@x', address: '2' })).resolves.toBeUndefined();
    await expect(limiter.take({ account: 'a@x', address: '3' })).resolves.toBeUndefined();
    await expect(limiter.take({ account: 'a@x', address: '4' })).resolves.toBe(3600);
    await expect(limiter.take({ account: 'b@x', address: '4' })).resolves.toBeUndefined();
  });

  it('limits one address across accounts', async () => {
    const limiter = new SignInLimiter(limits, memory);
    for (const account of ['a', 'b', 'c', 'd']) {
      await expect(limiter.take({ account, address: '9' })).resolves.toBeUndefined();
    }
    await expect(limiter.take({ account: 'e', address: '9' })).resolves.toBe(60);
  });

  it('frees the address on success and takes back attempts that got no verdict', async () => {
    const limiter = new SignInLimiter(limits, memory);
    const keys = { account: 'a@x', address: '1' };
    await limiter.take(keys);
    await limiter.take(keys);
    await limiter.succeeded(keys);
    await expect(limiter.take(keys)).resolves.toBeUndefined();
    await limiter.undo(keys); // counted neither for the address nor for the account
    await expect(limiter.take(keys)).resolves.toBeUndefined();
    await expect(limiter.take(keys)).resolves.toBeUndefined();
    // Three counted for the account this hour (the success was given back): its budget is spent.
    await expect(limiter.take(keys)).resolves.toBe(3600);
  });

  it('counts a refused attempt in no budget, so a flood from one address spares the account', async () => {
    const limiter = new SignInLimiter(limits, memory);
    const keys = { account: 'a@x', address: '1' };
    const results = await Promise.all(Array.from({ length: 20 }, () => limiter.take(keys)));
    expect(results.filter((r) => r === undefined)).toHaveLength(2);
    // The account has spent 2 of 3: one more try from elsewhere still reaches the password check.
    await expect(limiter.take({ account: 'a@x', address: '2' })).resolves.toBeUndefined();
    await expect(limiter.take({ account: 'a@x', address: '3' })).resolves.toBe(3600);
  });

  it('says the longest wait when several budgets are spent', async () => {
    const limiter = new SignInLimiter({ ...limits, perAccountPerHour: 2 }, memory);
    const keys = { account: 'a@x', address: '1' };
    await limiter.take(keys);
    await limiter.take(keys);
    // The pair's minute and the account's hour are both spent: the hour is the honest answer.
    await expect(limiter.take(keys)).resolves.toBe(3600);
  });
});
