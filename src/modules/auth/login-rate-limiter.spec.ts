import { describe, expect, it } from '@jest/globals';
import { LoginRateLimiter } from './login-rate-limiter.js';

describe('LoginRateLimiter', () => {
  it('blocks after the allowed failures and forgets them after the window', () => {
    let now = 0;
    const limiter = new LoginRateLimiter(3, 60_000, () => now);
    const keys = ['email:a@example.com', 'ip:1.2.3.4'];
    limiter.recordFailure(keys);
    limiter.recordFailure(keys);
    expect(limiter.isBlocked(keys)).toBe(false);
    limiter.recordFailure(keys);
    expect(limiter.isBlocked(keys)).toBe(true);
    expect(limiter.isBlocked(['email:b@example.com', 'ip:1.2.3.4'])).toBe(true);
    expect(limiter.isBlocked(['email:b@example.com', 'ip:5.6.7.8'])).toBe(false);
    now = 60_001;
    expect(limiter.isBlocked(keys)).toBe(false);
  });

  it('resets an account on success', () => {
    const limiter = new LoginRateLimiter(1);
    limiter.recordFailure(['email:a']);
    limiter.reset(['email:a']);
    expect(limiter.isBlocked(['email:a'])).toBe(false);
  });
});
