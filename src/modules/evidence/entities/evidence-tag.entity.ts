import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
  Unique,
} from 'typeorm';
import { CriterionEntity } from '../../standards/entities/criterion.entity.js';
import { EvidenceEntity } from './evidence.entity.js';
import { TAG_STATUSES } from '../../../common/vocabulary.js';
import type { TagStatus } from '../../../common/vocabulary.js';

/** The apprentice's claim that a piece of evidence shows a criterion, and the reviewer's decision. */
@Entity('evidence_tags')
@Unique('uq_evidence_tags_evidence_id_criterion_id', ['evidenceId', 'criterionId'])
@Index('ix_evidence_tags_criterion_id_status', ['criterionId', 'status'])
@Index('ix_evidence_tags_apprenticeship_id_criterion_id', ['apprenticeshipId', 'criterionId'])
export class EvidenceTagEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  evidenceId: string;

  @ManyToOne(() => EvidenceEntity, (e) => e.tags, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'evidence_id' })
  evidence: Relation<EvidenceEntity>;

  /** Its evidence's apprenticeship, set by a database trigger (coverage counts key on it). */
  @Column({ type: 'uuid' })
  apprenticeshipId: string;

  @Column({ type: 'uuid' })
  criterionId: string;

  @ManyToOne(() => CriterionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'criterion_id' })
  criterion: Relation<CriterionEntity>;

  @Column({ type: 'text' })
  justification: string;

  @Column({ type: 'enum', enum: TAG_STATUSES, enumName: 'tag_status', default: 'claimed' })
  status: TagStatus;

  @Column({ type: 'uuid', nullable: true })
  decidedById: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
