import { Injectable } from '@nestjs/common';
import { Database } from '../../common/database/database.js';
import { AppError } from '../../common/errors/app-error.js';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
/** A retry after this long is a new request. */
export const KEY_LIFETIME_HOURS = 24;

export type Claim = { first: true } | { first: false; response: unknown };

/**
 * Claims keys and remembers answers, inside the caller's transaction: the claim (a row) and the
 * work commit together or not at all. A second request with a key whose first request is still
 * running waits on that row's unique index, then sees the answer it committed (or, if it rolled
 * back, claims the key itself).
 */
@Injectable()
export class IdempotencyService {
  constructor(private readonly db: Database) {}

  async claim(userId: string, scope: string, key: string, fingerprint: string): Promise<Claim> {
    const claimed = await this.db.query<unknown[]>(
      `INSERT INTO idempotency_keys (user_id, scope, key, fingerprint) VALUES ($1, $2, $3, $4)
       ON CONFLICT (user_id, scope, key) DO UPDATE
         SET fingerprint = EXCLUDED.fingerprint, response = NULL, created_at = now()
         WHERE idempotency_keys.created_at < now() - make_interval(hours => $5)
       RETURNING 1`,
      [userId, scope, key, fingerprint, KEY_LIFETIME_HOURS],
    );
    if (claimed.length > 0) return { first: true };
    const [earlier] = await this.db.query<{ fingerprint: string; response: unknown }[]>(
      'SELECT fingerprint, response FROM idempotency_keys WHERE user_id = $1 AND scope = $2 AND key = $3',
      [userId, scope, key],
    );
    if (!earlier || earlier.fingerprint !== fingerprint) {
      throw AppError.field(
        IDEMPOTENCY_HEADER,
        'was already used for a different request; use a new key for a new request',
      );
    }
    return { first: false, response: earlier.response };
  }

  async remember(userId: string, scope: string, key: string, response: unknown): Promise<void> {
    await this.db.query(
      'UPDATE idempotency_keys SET response = $4 WHERE user_id = $1 AND scope = $2 AND key = $3',
      [userId, scope, key, JSON.stringify(response ?? null)],
    );
  }

  /**
   * `work` once per key, in one transaction with the key's claim, its answer remembered; a repeat
   * (the same key and fingerprint) waits for the first, runs `onRepeat` and gets that answer.
   * Work that throws claims nothing. The API's Idempotency-Key and the pages' SubmitOnce alike.
   */
  once<T>(
    request: { userId: string; scope: string; key: string; fingerprint: string },
    work: () => Promise<T>,
    onRepeat: () => Promise<void>,
  ): Promise<{ replayed: boolean; answer: T }> {
    const { userId, scope, key, fingerprint } = request;
    return this.db.transaction(async () => {
      const claim = await this.claim(userId, scope, key, fingerprint);
      if (!claim.first) {
        await onRepeat();
        return { replayed: true, answer: claim.response as T };
      }
      const answer = await work();
      await this.remember(userId, scope, key, answer);
      return { replayed: false, answer };
    });
  }

  /** Forgets expired keys; run now and then (at start). */
  async purge(): Promise<void> {
    await this.db.query(
      'DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1)',
      [KEY_LIFETIME_HOURS],
    );
  }
}
