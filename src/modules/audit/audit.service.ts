import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditEventEntity } from './audit-event.entity.js';

export interface AuditRecord {
  apprenticeshipId: string | null;
  actorId: string | null;
  action: string;
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

/** Writes the trail. It depends on nothing, so every feature (apprenticeships included) can use it. */
@Injectable()
export class AuditService {
  /** Appends events inside the caller's transaction, so a change and its record commit together. */
  async record(m: EntityManager, ...events: AuditRecord[]): Promise<void> {
    if (events.length === 0) return;
    await m.insert(
      AuditEventEntity,
      events.map((e) => ({ ...e, before: e.before ?? null, after: e.after ?? null })),
    );
  }
}
