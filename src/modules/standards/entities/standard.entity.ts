import {
  Column,
  CreateDateColumn,
  Entity,
  OneToMany,
  PrimaryGeneratedColumn,
  type Relation,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { AssessmentMethodEntity } from './assessment-method.entity.js';
import { CriterionEntity } from './criterion.entity.js';
import { STANDARD_STATUSES } from '../../../common/vocabulary.js';
import type { StandardStatus } from '../../../common/vocabulary.js';

/** One version of an apprenticeship standard, e.g. ST1398 v1.0. Immutable once in use. */
@Entity('standards')
@Unique('uq_standards_code_version', ['code', 'version'])
export class StandardEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 20 })
  code: string;

  @Column({ type: 'varchar', length: 20 })
  version: string;

  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Column({ type: 'smallint' })
  level: number;

  @Column({ type: 'enum', enum: STANDARD_STATUSES, enumName: 'standard_status' })
  status: StandardStatus;

  /** Accepted tags a criterion needs to count as evidenced (N in the coverage rules). */
  @Column({ type: 'smallint', default: 1 })
  evidenceThreshold: number;

  @Column({ type: 'text', nullable: true })
  summary: string | null;

  /**
   * The version's published minimum off-the-job hours (`minimumHoursForCompliance` in the
   * official data); null until supplied as data — ST1398's figure is in no source we hold.
   */
  @Column({ type: 'int', nullable: true })
  minimumOtjHours: number | null;

  /** SHA-256 of the canonical document, so a re-import of the same data is a no-op. */
  @Column({ type: 'char', length: 64 })
  contentHash: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @OneToMany(() => CriterionEntity, (c) => c.standard)
  criteria: Relation<CriterionEntity[]>;

  @OneToMany(() => AssessmentMethodEntity, (m) => m.standard)
  assessmentMethods: Relation<AssessmentMethodEntity[]>;
}
