import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource, type EntityManager } from 'typeorm';
import type { IsolationLevel } from 'typeorm/driver/types/IsolationLevel.js';
import { PreparedSql, queryNamed } from './named-query.js';

/** True when the database is the embedded one, in this process: no network in between. */
export const EMBEDDED_DATABASE = Symbol('EMBEDDED_DATABASE');

/** The parts of pg's Pool read here. */
interface PgPool {
  idleCount: number;
  totalCount: number;
  options: { max: number };
  on(event: 'release', listener: () => void): unknown;
  on(
    event: 'connect',
    listener: (client: { query(sql: string): Promise<unknown> }) => void,
  ): unknown;
}

/**
 * The one way features reach the database. `manager` is the ambient transaction's EntityManager
 * while one is open (anywhere below `transaction()`, however deep the calls go) and the pool
 * otherwise, so no method takes a manager parameter and nothing inside a transaction can reach
 * the pool by mistake: on the embedded server (one session) that would wait forever for the
 * transaction it sits in, and on a real server it would silently escape it. (ESLint refuses
 * DataSource, EntityManager and repositories in features.)
 *
 * The ambient transaction is Node's AsyncLocalStorage. @nestjs-cls/transactional does the same,
 * but it is CommonJS requiring the ESM-only @nestjs/common 12: Node 20.19 loads that, jest on
 * Node 20 cannot (require of ESM needs Node 24.9 there), so no test could load the app.
 */
@Injectable()
export class Database {
  private readonly ambient = new AsyncLocalStorage<EntityManager>();
  /** When a pooled connection last came back from a query (performance.now()). */
  private lastAnswerAt = -Infinity;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(EMBEDDED_DATABASE) private readonly embedded: boolean,
  ) {}

  /** Called by DatabaseModule once the DataSource has connected (its pool exists from then on). */
  connected(): void {
    this.pool()?.on('release', () => (this.lastAnswerAt = performance.now()));
  }

  private pool(): PgPool | undefined {
    return (this.dataSource.driver as unknown as { master?: PgPool }).master;
  }

  /**
   * The DataSource, for a library that takes TypeORM's and reaches its pool only when it queries
   * (the shared request limits, made before the DataSource connects).
   */
  forLibrary(): DataSource {
    return this.dataSource;
  }

  /**
   * The embedded database's single session (in this process: no network to fail in between) is
   * at work on a query, and one came back within `withinMs`: the database is busy with a long
   * report, not gone. The health check answers on this instead of queueing behind that work.
   * Never for a server over the network, where a check that cannot get through is news.
   */
  singleSessionBusy(withinMs: number): boolean {
    const pool = this.pool();
    if (!this.embedded || !pool || pool.totalCount === 0 || pool.idleCount > 0) {
      return false;
    }
    return performance.now() - this.lastAnswerAt < withinMs;
  }

  get manager(): EntityManager {
    return this.ambient.getStore() ?? this.dataSource.manager;
  }

  get inTransaction(): boolean {
    return this.ambient.getStore() !== undefined;
  }

  /**
   * Runs `work` in a transaction, or in the one already open: nested calls join it, so a service
   * method that needs one can be called alone or from inside a larger change.
   */
  transaction<T>(work: () => Promise<T>, isolationLevel?: IsolationLevel): Promise<T> {
    if (this.inTransaction) {
      if (isolationLevel) throw new Error(`${isolationLevel} cannot start inside a transaction`);
      return work();
    }
    const run = (m: EntityManager) => this.ambient.run(m, work);
    return isolationLevel
      ? this.dataSource.transaction(isolationLevel, run)
      : this.dataSource.transaction(run);
  }

  /**
   * Runs `work` only if no other session holds the advisory lock `name`, which this one holds
   * meanwhile (on a connection of its own, outside any transaction, so `work` uses the pool as
   * usual): among several instances, one does a periodic job and the rest skip it. A crashed
   * holder's session ends, and with it the lock. On the embedded database all connections share
   * one session, and one process owns it: the lock is always granted there.
   */
  async withTryLock<T>(
    name: string,
    work: () => Promise<T>,
  ): Promise<{ ran: true; result: T } | { ran: false }> {
    // One session, one process: granted without asking, and without holding the pool's only
    // connection for the lock while `work` waits for it (which timed out the scheduled sweep).
    if (this.embedded) return { ran: true, result: await work() };
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [row] = (await runner.query('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [
        name,
      ])) as { locked: boolean }[];
      if (!row.locked) return { ran: false };
      try {
        return { ran: true, result: await work() };
      } finally {
        await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [name]);
      }
    } finally {
      await runner.release();
    }
  }

  /**
   * Runs `work` as if no transaction were open, for work that outlives the current one (such as
   * reading uploaded files once it has committed): what `work` starts, and every promise it
   * chains, uses the pool, not a transaction that will have ended by then.
   */
  outsideTransaction<T>(work: () => T): T {
    return this.ambient.exit(work);
  }

  query<T>(sql: string, parameters?: unknown[]): Promise<T> {
    return this.manager.query<T>(sql, parameters);
  }

  /**
   * SQL with `:name` parameters (TypeORM's syntax), run as positional parameters; `prepared(sql)`
   * runs it as a named prepared statement (see PreparedSql).
   */
  queryNamed<T>(sql: string | PreparedSql, params: Record<string, unknown>): Promise<T[]> {
    return queryNamed<T>(this.manager, sql, params);
  }
}
