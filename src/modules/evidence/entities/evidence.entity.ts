import {
  Column,
  CreateDateColumn,
  Index,
  Entity,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryGeneratedColumn,
  type Relation,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { ApprenticeshipEntity } from '../../apprenticeships/apprenticeship.entity.js';
import { UserEntity } from '../../users/user.entity.js';
import { EvidenceFileEntity } from './evidence-file.entity.js';
import { EvidenceTagEntity } from './evidence-tag.entity.js';
import { EVIDENCE_KINDS, EVIDENCE_STATUSES } from '../../../common/vocabulary.js';
import type { EvidenceKind, EvidenceStatus } from '../../../common/vocabulary.js';

/** A piece of evidence, referenced E1, E2, … within its apprenticeship (numbers never reused). */
@Entity('evidence')
@Unique('uq_evidence_apprenticeship_id_number', ['apprenticeshipId', 'number'])
@Index('ix_evidence_status_submitted_at', ['status', 'submittedAt'])
// Full-text index on ksb_fold(title, description): written in the search migration.
@Index('ix_evidence_search', { synchronize: false })
export class EvidenceEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  apprenticeshipId: string;

  @ManyToOne(() => ApprenticeshipEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'apprenticeship_id' })
  apprenticeship: Relation<ApprenticeshipEntity>;

  /** The N of "EN", allocated from apprenticeships.next_evidence_number. */
  @Column({ type: 'int' })
  number: number;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'text', default: '' })
  description: string;

  @Column({ type: 'enum', enum: EVIDENCE_KINDS, enumName: 'evidence_kind' })
  kind: EvidenceKind;

  @Column({ type: 'date' })
  activityDate: string;

  @Column({ type: 'text', array: true, default: () => `'{}'` })
  links: string[];

  @Column({ type: 'enum', enum: EVIDENCE_STATUSES, enumName: 'evidence_status', default: 'draft' })
  status: EvidenceStatus;

  @Column({ type: 'uuid' })
  createdById: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'created_by_id' })
  createdBy: Relation<UserEntity>;

  @Column({ type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  /**
   * Its own words (title, description, links), stemmed (English): kept by a database trigger, read
   * by the suggestions' "accepted for similar evidence" (migrations: suggestions, similar by own
   * words). Never written here.
   */
  @Column({ type: 'tsvector', nullable: true, select: false, insert: false, update: false })
  terms: string | null;

  @OneToMany(() => EvidenceFileEntity, (f) => f.evidence)
  files: Relation<EvidenceFileEntity[]>;

  @OneToMany(() => EvidenceTagEntity, (t) => t.evidence)
  tags: Relation<EvidenceTagEntity[]>;
}

export const referenceOf = (e: { number: number }) => `E${e.number}`;
