/**
 * Inside a transaction, statements asked for at once (a page building its model with
 * Promise.all) go to the transaction's one connection one after another: every answer right, and
 * never a query sent while another is running on it (pg 8 deprecates that; pg 9 refuses it).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { Database } from '../src/common/database/database.js';
import { createTestApp, TestApp } from './support/test-app.js';

describe('Statements asked for at once inside a transaction', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers each, on one connection, never two at once', async () => {
    const db = t.app.get(Database);
    // Counts the queries pg's Client has been given and not yet answered, per connection.
    const original = pg.Client.prototype.query;
    const running = new Map<unknown, number>();
    let most = 0;
    pg.Client.prototype.query = function (this: unknown, ...args: unknown[]) {
      const result = (original as (...a: unknown[]) => unknown).apply(this, args);
      if (result instanceof Promise) {
        running.set(this, (running.get(this) ?? 0) + 1);
        most = Math.max(most, running.get(this)!);
        const done = () => running.set(this, running.get(this)! - 1);
        result.then(done, done);
      }
      return result;
    } as typeof original;
    try {
      const answers = await db.transaction(() =>
        Promise.all(
          [1, 2, 3, 4, 5].map((n) =>
            db.query<{ n: number; pid: number }[]>(
              'SELECT $1::int AS n, pg_backend_pid() AS pid, pg_sleep(0.01)::text',
              [n],
            ),
          ),
        ),
      );
      expect(answers.map(([row]) => row.n)).toEqual([1, 2, 3, 4, 5]);
      expect(new Set(answers.map(([row]) => row.pid)).size).toBe(1);
      expect(most).toBe(1);
    } finally {
      pg.Client.prototype.query = original;
    }
  });
});
