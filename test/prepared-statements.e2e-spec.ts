import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Database } from '../src/common/database/database.js';
import { prepared } from '../src/common/database/named-query.js';
import { createTestApp, TestApp } from './support/test-app.js';

/**
 * The report statements run as named prepared statements (planned once per connection), on both
 * databases; on the embedded one, which is one session behind every connection, a new connection
 * must not trip over the statements an earlier one left prepared.
 */
describe('Prepared statements', () => {
  let t: TestApp;
  let db: Database;
  const statement = prepared(
    `SELECT s.code, count(c.*)::int AS criteria FROM standards s
     JOIN criteria c ON c.standard_id = s.id WHERE s.code = :code GROUP BY s.code`,
  );

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(Database);
  });
  afterAll(() => t?.close());

  const pool = () =>
    (t.dataSource.driver as unknown as { master: { connect(): Promise<PooledClient> } }).master;
  interface PooledClient {
    release(destroy?: boolean): void;
  }

  it('prepares a statement once on its connection and runs it with new values', async () => {
    await db.transaction(async () => {
      const [first] = await db.queryNamed(statement, { code: 'ST1398' });
      const [none] = await db.queryNamed(statement, { code: 'ST0000' });
      expect(first).toEqual({ code: 'ST1398', criteria: 79 });
      expect(none).toBeUndefined();
      // The same connection (the transaction's) knows the statement by its name.
      const held = await db.query<{ name: string; statement: string }[]>(
        `SELECT name, statement FROM pg_prepared_statements WHERE name LIKE 'ksb\\_%'`,
      );
      expect(held).toHaveLength(1);
      expect(held[0].statement).toContain('WHERE s.code = $1');
    });
  });

  it('runs it again on a new connection after the old one closed', async () => {
    await db.queryNamed(statement, { code: 'ST1398' });
    // Close every idle pooled connection (the embedded pool has exactly one).
    const clients = [await pool().connect()];
    for (const client of clients) client.release(true);
    const [row] = await db.queryNamed(statement, { code: 'ST1398' });
    expect(row).toEqual({ code: 'ST1398', criteria: 79 });
  });
});
