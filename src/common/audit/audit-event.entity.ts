import type { AuditAction } from './audit-action.js';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Append-only record of every change and decision. A database trigger refuses UPDATE and DELETE,
 * and there are deliberately no foreign keys: the trail outlives what it describes.
 */
@Entity('audit_events')
@Index('ix_audit_events_apprenticeship_id_created_at', ['apprenticeshipId', 'createdAt'])
export class AuditEventEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id: string;

  @Column({ type: 'uuid', nullable: true })
  apprenticeshipId: string | null;

  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'varchar', length: 60 })
  action: AuditAction;

  @Column({ type: 'varchar', length: 40 })
  entityType: string;

  /** Null only for what has no row: a sign-in attempt for an unknown e-mail address. */
  @Column({ type: 'uuid', nullable: true })
  entityId: string | null;

  @Column({ type: 'jsonb', nullable: true })
  before: object | null;

  @Column({ type: 'jsonb', nullable: true })
  after: object | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
