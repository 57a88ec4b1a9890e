import { Injectable } from '@nestjs/common';
import type {
  EntitySubscriberInterface,
  InsertEvent,
  ObjectLiteral,
  QueryRunner,
  TransactionCommitEvent,
  TransactionRollbackEvent,
  UpdateEvent,
} from 'typeorm';
import { Clock } from '../common/clock/clock.js';

/**
 * Every entity's `@CreateDateColumn` and `@UpdateDateColumn` take their time from `Clock`, not
 * from the database's `now()`: a row added or changed inside `Clock.at` (the demo replaying two
 * years of an apprenticeship) is dated when its act happened, like the act's audit event. A value
 * the caller gives is kept.
 *
 * One transaction's rows share one time (the clock's at its first row), as they did with
 * `now()`, PostgreSQL's time of the transaction: the files of one upload are listed by name
 * (`ORDER BY created_at, original_name`), not by which was written a millisecond sooner.
 *
 * Through the EntityManager and repositories only (`save`, `insert`, `update`): TypeORM hands
 * these hooks the entity being saved or, for `insert` and `update`, the very object of values
 * passed in, which is where the time is written (pass a copy of an object you use again after).
 * SQL written by hand sets its own times.
 */
@Injectable()
export class RecordedTimes implements EntitySubscriberInterface {
  private readonly transactionTimes = new WeakMap<QueryRunner, Date>();

  constructor(private readonly clock: Clock) {}

  beforeInsert(event: InsertEvent<ObjectLiteral>): void {
    const { createDateColumn, updateDateColumn } = event.metadata;
    if (!event.entity || (!createDateColumn && !updateDateColumn)) return;
    const now = this.now(event.queryRunner);
    for (const column of [createDateColumn, updateDateColumn]) {
      if (column && column.getEntityValue(event.entity) === undefined) {
        column.setEntityValue(event.entity, now);
      }
    }
  }

  beforeUpdate(event: UpdateEvent<ObjectLiteral>): void {
    const column = event.metadata.updateDateColumn;
    if (!column || !event.entity) return;
    column.setEntityValue(event.entity, this.now(event.queryRunner));
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    this.ended(event.queryRunner);
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    this.ended(event.queryRunner);
  }

  private now(runner: QueryRunner): Date {
    if (!runner.isTransactionActive) return this.clock.now();
    let time = this.transactionTimes.get(runner);
    if (!time) this.transactionTimes.set(runner, (time = this.clock.now()));
    return new Date(time);
  }

  /** A savepoint's end leaves its transaction open, and its time with it. */
  private ended(runner: QueryRunner): void {
    if (!runner.isTransactionActive) this.transactionTimes.delete(runner);
  }
}
