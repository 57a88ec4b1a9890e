import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
  UpdateDateColumn,
} from 'typeorm';
import { ApprenticeshipEntity } from '../../apprenticeships/apprenticeship.entity.js';
import { EvidenceEntity } from '../../evidence/entities/evidence.entity.js';
import { UserEntity } from '../../users/user.entity.js';
import { OTJ_DELIVERERS, OTJ_ENTRY_STATUSES } from '../../../common/vocabulary.js';
import type { OtjDeliverer, OtjEntryStatus } from '../../../common/vocabulary.js';
import { OtjCategoryEntity } from './otj-category.entity.js';

/** A warning an entry earned when it was written, kept so the person deciding sees it too. */
export interface OtjWarning {
  code: string;
  message: string;
}

/** One off-the-job activity: pending until someone other than its author approves or rejects it. */
@Entity('otj_entries')
@Check('chk_otj_entries_duration', `duration_minutes BETWEEN 1 AND 1440`)
@Index('ix_otj_entries_apprenticeship_id_activity_date', ['apprenticeshipId', 'activityDate'])
@Index('ix_otj_entries_status_created_at', ['status', 'createdAt'])
export class OtjEntryEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  apprenticeshipId: string;

  @ManyToOne(() => ApprenticeshipEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'apprenticeship_id' })
  apprenticeship: Relation<ApprenticeshipEntity>;

  @Column({ type: 'date' })
  activityDate: string;

  /** When it began, if given: what the overlap warning needs. */
  @Column({ type: 'time', nullable: true })
  startTime: string | null;

  @Column({ type: 'int' })
  durationMinutes: number;

  @Column({ type: 'text' })
  description: string;

  @Column({ type: 'uuid' })
  categoryId: string;

  @ManyToOne(() => OtjCategoryEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'category_id' })
  category: Relation<OtjCategoryEntity>;

  @Column({ type: 'enum', enum: OTJ_DELIVERERS, enumName: 'otj_deliverer' })
  deliveredBy: OtjDeliverer;

  /** Codes of the apprenticeship's standard the activity developed (checked when written). */
  @Column({ type: 'text', array: true, default: () => `'{}'` })
  criteria: string[];

  @Column({ type: 'uuid', nullable: true })
  evidenceId: string | null;

  @ManyToOne(() => EvidenceEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'evidence_id' })
  evidence: Relation<EvidenceEntity> | null;

  @Column({
    type: 'enum',
    enum: OTJ_ENTRY_STATUSES,
    enumName: 'otj_entry_status',
    default: 'pending',
  })
  status: OtjEntryStatus;

  @Column({ type: 'uuid' })
  authorId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'author_id' })
  author: Relation<UserEntity>;

  /** Entered by provider staff for the apprentice. */
  @Column({ type: 'boolean', default: false })
  onBehalf: boolean;

  /** Part of a back-dated import, made with the explicit flag and its reason. */
  @Column({ type: 'boolean', default: false })
  imported: boolean;

  @Column({ type: 'jsonb', default: () => `'[]'` })
  warnings: OtjWarning[];

  @Column({ type: 'uuid', nullable: true })
  decidedById: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'decided_by_id' })
  decidedBy: Relation<UserEntity> | null;

  @Column({ type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  /** Why it was rejected (required then), or a note with an approval. */
  @Column({ type: 'text', nullable: true })
  decisionReason: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
