/**
 * Counts sign-in attempts per key in a sliding window. In memory: with several instances each
 * enforces its own budget (a shared store such as Redis would make it global; see README).
 *
 * `take()` counts an attempt before its password is checked, in the same synchronous step as the
 * check of the budget, so concurrent attempts cannot all pass the check before any is counted
 * (50 parallel wrong passwords used to cost 50 argon2 verifications instead of 5).
 */
export class LoginRateLimiter {
  private readonly attempts = new Map<string, number[]>();

  constructor(
    private readonly maxAttempts: number,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** True when any of these keys has used up its attempts. */
  isBlocked(keys: string[]): boolean {
    return keys.some((key) => this.recent(key).length >= this.maxAttempts);
  }

  /** Seconds until every key has an attempt left again (0 when none is blocked). */
  retryAfterSeconds(keys: string[]): number {
    let wait = 0;
    for (const key of keys) {
      const recent = this.recent(key);
      if (recent.length < this.maxAttempts) continue;
      // The attempt whose expiry frees the slot: the one maxAttempts from the newest.
      const freeing = recent[recent.length - this.maxAttempts];
      wait = Math.max(wait, freeing + this.windowMs - this.now());
    }
    return Math.ceil(wait / 1000);
  }

  recordFailure(keys: string[]): void {
    for (const key of keys) this.attempts.set(key, [...this.recent(key), this.now()]);
    if (this.attempts.size > 10_000) this.prune();
  }

  /** Forgets every attempt of these keys (a successful sign-in for the account). */
  reset(keys: string[]): void {
    for (const key of keys) this.attempts.delete(key);
  }

  /** Takes back the newest attempt of each key: one that turned out not to count. */
  refund(keys: string[]): void {
    for (const key of keys) {
      const recent = this.recent(key);
      recent.pop();
      if (recent.length > 0) this.attempts.set(key, recent);
      else this.attempts.delete(key);
    }
  }

  private recent(key: string): number[] {
    const since = this.now() - this.windowMs;
    return (this.attempts.get(key) ?? []).filter((t) => t > since);
  }

  private prune(): void {
    for (const key of [...this.attempts.keys()]) {
      if (this.recent(key).length === 0) this.attempts.delete(key);
    }
  }
}

export interface SignInKeys {
  account: string;
  address: string;
}

export interface SignInLimits {
  /** Per account and address, per minute: the budget one person mistyping gets. */
  perAccountAndAddress: number;
  /** Per account from all addresses together, per hour: a slow, distributed guess stops here. */
  perAccountPerHour: number;
  /** Per address over all accounts, per minute: one client spraying many accounts. */
  perAddress: number;
}

/**
 * The three budgets of a sign-in, taken together. Keyed on account *and* address, so anyone typing
 * the admin's e-mail five times locks out only themselves; the account-wide budget is larger but
 * spans an hour, so guessing from many addresses still meets a wall.
 */
export class SignInLimiter {
  private readonly pair: LoginRateLimiter;
  private readonly account: LoginRateLimiter;
  private readonly address: LoginRateLimiter;

  constructor(limits: SignInLimits, now: () => number = Date.now) {
    this.pair = new LoginRateLimiter(limits.perAccountAndAddress, 60_000, now);
    this.account = new LoginRateLimiter(limits.perAccountPerHour, 3_600_000, now);
    this.address = new LoginRateLimiter(limits.perAddress, 60_000, now);
  }

  /**
   * Counts an attempt and returns undefined, or, when a budget is used up, counts nothing and
   * returns the seconds until trying again makes sense. Synchronous: call it before any await.
   */
  take(keys: SignInKeys): number | undefined {
    const parts = this.parts(keys);
    const blocked = parts.filter(([limiter, key]) => limiter.isBlocked([key]));
    if (blocked.length > 0) {
      return Math.max(1, ...blocked.map(([limiter, key]) => limiter.retryAfterSeconds([key])));
    }
    for (const [limiter, key] of parts) limiter.recordFailure([key]);
    return undefined;
  }

  /** The password was right: this address starts afresh for the account, and the try is free. */
  succeeded(keys: SignInKeys): void {
    this.pair.reset([pairKey(keys)]);
    this.account.refund([keys.account]);
    this.address.refund([keys.address]);
  }

  /** The attempt never reached a verdict (the database was away): it does not count. */
  undo(keys: SignInKeys): void {
    for (const [limiter, key] of this.parts(keys)) limiter.refund([key]);
  }

  private parts(keys: SignInKeys): [LoginRateLimiter, string][] {
    return [
      [this.pair, pairKey(keys)],
      [this.account, keys.account],
      [this.address, keys.address],
    ];
  }
}

const pairKey = (keys: SignInKeys) => `${keys.account}\u0000${keys.address}`;
