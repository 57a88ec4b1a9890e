import { describe, expect, it } from '@jest/globals';
import { DataSource, EntityManager } from 'typeorm';
import { prepared, queryNamed } from '../../common/database/named-query.js';
import { coverageCtes, isoSql } from './coverage-sql.js';

describe('queryNamed', () => {
  const run = async (sql: Parameters<typeof queryNamed>[1], params: Record<string, unknown>) => {
    const calls: [unknown, unknown[]][] = [];
    const m = {
      dataSource: new DataSource({ type: 'postgres' }),
      query: (text: unknown, values: unknown[]) => {
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

  it('hands a prepared statement to pg as a named query, one name per text', async () => {
    const sql = prepared('SELECT * FROM evidence WHERE id = :id AND status = :status');
    const [first, values] = await run(sql, { id: 'a', status: 'submitted' });
    const [again] = await run(sql, { id: 'b', status: 'accepted' });
    const [other] = await run(prepared('SELECT * FROM evidence WHERE id = :id'), { id: 'a' });
    const statement = first as { name: string; text: string };
    expect(statement.text).toBe('SELECT * FROM evidence WHERE id = $1 AND status = $2');
    expect(values).toEqual(['a', 'submitted']);
    expect(statement.name).toMatch(/^ksb_[0-9a-f]{32}$/);
    expect((again as { name: string }).name).toBe(statement.name);
    expect((other as { name: string }).name).not.toBe(statement.name);
    // What TypeORM's logging prints of it.
    expect(String(first)).toBe(statement.text);
  });
});
