import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';

/**
 * A statement PostgreSQL parses and plans once per connection instead of at every call: a named
 * prepared statement. Worth it for the big report statements run on every page view, where
 * planning costs more than running (coverage of one apprenticeship: ~7 ms to plan, ~2 ms to
 * run). Only for SQL made from code (its text one of a few variants, values always parameters):
 * every distinct text stays prepared on every pooled connection.
 */
export class PreparedSql {
  constructor(readonly sql: string) {}
}

/** Marks `sql` to be run as a named prepared statement (see PreparedSql). */
export const prepared = (sql: string): PreparedSql => new PreparedSql(sql);

/** The name PostgreSQL knows a statement by: from its text, so one text is one statement. */
const statementName = (text: string): string =>
  `ksb_${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;

/** Runs SQL written with `:named` parameters (TypeORM's syntax, as the access scopes emit). */
export function queryNamed<T>(
  m: EntityManager,
  sql: string | PreparedSql,
  params: Record<string, unknown>,
): Promise<T[]> {
  const source = sql instanceof PreparedSql ? sql.sql : sql;
  const [text, values] = m.dataSource.driver.escapeQueryWithParameters(source, params);
  if (!(sql instanceof PreparedSql)) return m.query<T[]>(text, values);
  // TypeORM hands its query to pg's client.query as it is, and pg takes a query config there;
  // toString keeps TypeORM's logging of a failed or slow query readable.
  const statement = { name: statementName(text), text, toString: () => text };
  const run = () => m.query<T[]>(statement as unknown as string, values);
  return run().catch(async (error: unknown) => {
    // The embedded server is one session behind every connection, and pg learns that a statement
    // is prepared only from the server's answer: when a connection is cut between the two (the
    // database going away mid-request), the statement outlives it and the next connection cannot
    // prepare it again (42P05). Forget it and prepare it once more. Inside a transaction the
    // error has already aborted it, so it stands.
    if ((error as { code?: unknown }).code !== DUPLICATE_PREPARED_STATEMENT) throw error;
    if (m.queryRunner?.isTransactionActive) throw error;
    await m.query(`DEALLOCATE ${statement.name}`);
    return run();
  });
}

/** SQLSTATE: a prepared statement of that name already exists. */
const DUPLICATE_PREPARED_STATEMENT = '42P05';
