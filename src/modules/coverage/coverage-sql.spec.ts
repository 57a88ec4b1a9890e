import { describe, expect, it } from '@jest/globals';
import { DataSource, EntityManager } from 'typeorm';
import { queryNamed } from '../../common/database/named-query.js';
import { coverageCtes, isoSql } from './coverage-sql.js';

describe('queryNamed', () => {
  const run = async (sql: string, params: Record<string, unknown>) => {
    const calls: [string, unknown[]][] = [];
    const m = {
      dataSource: new DataSource({ type: 'postgres' }),
      query: (text: string, values: unknown[]) => {
        calls.push([text, values]);
        return Promise.resolve([]);
      },
    } as unknown as EntityManager;
    await queryNamed(m, sql, params);
    return calls[0];
  };

  it('numbers named parameters and leaves casts and time formats alone', async () => {
    const [sql, values] = await run(
      `SELECT :today::date - a.start_date, ${isoSql('t.decided_at')}, :id, :today FROM x a`,
      { today: '2026-05-01', id: 'abc', unused: 1 },
    );
    expect(sql).toBe(`SELECT $1::date - a.start_date, ${isoSql('t.decided_at')}, $2, $1 FROM x a`);
    expect(values).toEqual(['2026-05-01', 'abc']);
  });

  it('keeps the coverage rule free of anything that looks like a parameter', async () => {
    const [sql, values] = await run(`WITH ${coverageCtes('a.id = :id')} SELECT 1`, { id: 'x' });
    expect(values).toEqual(['x']);
    expect(sql).toContain('WHERE a.id = $1');
    expect(sql).not.toMatch(/(?<!:):(?!:)[a-z]/i);
  });
});
