import { Injectable } from '@nestjs/common';
import { Database } from '../../database/database.js';
import { AuditEventEntity } from './audit-event.entity.js';

/** Every kind of change the trail records; a new one is added here first. */
export type AuditAction =
  | 'apprenticeship.created'
  | 'apprenticeship.updated'
  | 'apprenticeship.status_changed'
  | 'cohort.created'
  | 'cohort.updated'
  | 'cohort.deleted'
  | 'organisation.created'
  | 'organisation.updated'
  | 'organisation.deleted'
  | 'user.created'
  | 'user.updated'
  | 'user.deleted'
  | 'standard.imported'
  | 'evidence.created'
  | 'evidence.updated'
  | 'evidence.deleted'
  | 'evidence.file_added'
  | 'evidence.file_removed'
  | 'evidence.tags_set'
  | 'evidence.submitted'
  | 'evidence.reviewed'
  | 'evidence.commented'
  | 'gateway.declaration_signed'
  | 'gateway.frozen';

export interface AuditRecord {
  apprenticeshipId: string | null;
  actorId: string | null;
  action: AuditAction;
  entityType: string;
  entityId: string;
  before?: object | null;
  after?: object | null;
}

export interface AuditEventDto extends Required<Omit<AuditRecord, 'actorId'>> {
  id: string;
  actor: { id: string; name: string } | null;
  createdAt: Date;
}

/** Writes the trail. It depends only on the database, so every feature can use it. */
@Injectable()
export class AuditWriter {
  constructor(private readonly db: Database) {}

  /**
   * Appends events in the ambient transaction, so a change and its record commit together
   * (callers that change anything call this inside `db.transaction`).
   */
  async record(...events: AuditRecord[]): Promise<void> {
    if (events.length === 0) return;
    await this.db.manager.insert(
      AuditEventEntity,
      events.map((e) => ({ ...e, before: e.before ?? null, after: e.after ?? null })),
    );
  }
}
