import { Injectable } from '@nestjs/common';
import { Clock } from '../clock/clock.js';
import { Database } from '../database/database.js';
import type { AuditAction } from './audit-action.js';
import { AuditEventEntity } from './audit-event.entity.js';

export type { AuditAction };

export interface AuditRecord {
  apprenticeshipId: string | null;
  actorId: string | null;
  action: AuditAction;
  entityType: string;
  entityId: string | null;
  before?: object | null;
  after?: object | null;
}

export interface AuditEventDto extends Required<Omit<AuditRecord, 'actorId'>> {
  id: string;
  actor: { id: string; name: string } | null;
  createdAt: Date;
}

/**
 * Writes the trail. It depends only on the database and the clock, so every feature can use it.
 */
@Injectable()
export class AuditWriter {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  /** A change to something that belongs to no one apprenticeship (cohorts, organisations…). */
  recordChange(
    actorId: string | null,
    action: AuditAction,
    entity: { type: string; id: string | null },
    before: object | null,
    after: object | null,
  ): Promise<void> {
    return this.record({
      apprenticeshipId: null,
      actorId,
      action,
      entityType: entity.type,
      entityId: entity.id,
      before,
      after,
    });
  }

  /**
   * Appends events in the ambient transaction, so a change and its record commit together
   * (callers that change anything call this inside `db.transaction`), at the clock's time.
   */
  async record(...events: AuditRecord[]): Promise<void> {
    if (events.length === 0) return;
    const createdAt = this.clock.now();
    await this.db.manager.insert(
      AuditEventEntity,
      events.map((e) => ({ ...e, before: e.before ?? null, after: e.after ?? null, createdAt })),
    );
  }
}
