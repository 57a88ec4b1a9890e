import type { EntityManager } from 'typeorm';

/** Runs SQL written with `:named` parameters (TypeORM's syntax, as the access scopes emit). */
export function queryNamed<T>(
  m: EntityManager,
  sql: string,
  params: Record<string, unknown>,
): Promise<T[]> {
  const [positional, values] = m.dataSource.driver.escapeQueryWithParameters(sql, params);
  return m.query<T[]>(positional, values);
}
