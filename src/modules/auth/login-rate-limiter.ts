/**
 * The three budgets of a sign-in, taken together, counted by rate-limiter-flexible in the store
 * `RateLimits` chose (memory for the embedded single instance; PostgreSQL or Redis across
 * instances). Keyed on account *and* address, so anyone typing the admin's e-mail five times locks
 * out only themselves; the account-wide budget is larger but spans an hour, so guessing from many
 * addresses still meets a wall.
 *
 * `take()` counts an attempt before its password is checked, with each store's atomic increment,
 * so concurrent attempts cannot all pass before any is counted (50 parallel wrong passwords cost 5
 * argon2 verifications, not 50), on one instance or many. An attempt refused by any budget is
 * counted by none: the budgets it already took are given back.
 */
import { RateLimiterAbstract } from 'rate-limiter-flexible';
import { isLimitReached, LimitSpec, storeKey } from './rate-limits.js';

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

type MakeLimiter = (spec: LimitSpec) => RateLimiterAbstract;
type Part = [RateLimiterAbstract, string];

export class SignInLimiter {
  private readonly pair: RateLimiterAbstract;
  private readonly account: RateLimiterAbstract;
  private readonly address: RateLimiterAbstract;

  constructor(limits: SignInLimits, make: MakeLimiter) {
    this.pair = make({
      name: 'sign-in:pair',
      points: limits.perAccountAndAddress,
      durationSeconds: 60,
    });
    this.account = make({
      name: 'sign-in:account',
      points: limits.perAccountPerHour,
      durationSeconds: 3600,
    });
    this.address = make({
      name: 'sign-in:address',
      points: limits.perAddress,
      durationSeconds: 60,
    });
  }

  /**
   * Counts an attempt and resolves undefined, or, when a budget is used up, counts nothing and
   * resolves the seconds until trying again makes sense (the longest wait of the spent budgets).
   * The narrowest budget is taken first, so a flood from one place never touches the wider ones.
   */
  async take(keys: SignInKeys): Promise<number | undefined> {
    const parts = this.parts(keys);
    const taken: Part[] = [];
    for (const part of parts) {
      const [limiter, key] = part;
      try {
        await limiter.consume(key);
        taken.push(part);
      } catch (refusal) {
        if (!isLimitReached(refusal)) {
          await this.giveBack(taken);
          throw refusal;
        }
        // The store counted the refused attempt too: it is given back with the rest.
        await this.giveBack([...taken, part]);
        const others = parts.filter((p) => p !== part);
        return Math.max(1, seconds(refusal.msBeforeNext), ...(await this.waits(others)));
      }
    }
    return undefined;
  }

  /** The password was right: this address starts afresh for the account, and the try is free. */
  async succeeded(keys: SignInKeys): Promise<void> {
    const [pair, ...rest] = this.parts(keys);
    await pair[0].delete(pair[1]);
    await this.giveBack(rest);
  }

  /** The attempt never reached a verdict (the database was away): it does not count. */
  undo(keys: SignInKeys): Promise<void> {
    return this.giveBack(this.parts(keys));
  }

  private async giveBack(parts: Part[]): Promise<void> {
    await Promise.all(parts.map(([limiter, key]) => limiter.reward(key)));
  }

  /** Seconds until each of these budgets has room again; 0 for one with room now. */
  private waits(parts: Part[]): Promise<number[]> {
    return Promise.all(
      parts.map(async ([limiter, key]) => {
        const state = await limiter.get(key).catch(() => null);
        if (!state || state.consumedPoints < limiter.points) return 0;
        return seconds(state.msBeforeNext);
      }),
    );
  }

  private parts(keys: SignInKeys): Part[] {
    return [
      [this.pair, storeKey(`${keys.account}\u0000${keys.address}`)],
      [this.account, storeKey(keys.account)],
      [this.address, storeKey(keys.address)],
    ];
  }
}

const seconds = (ms: number) => Math.ceil(Math.max(0, ms) / 1000);
