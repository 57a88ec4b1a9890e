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
import { CohortEntity } from '../cohorts/cohort.entity.js';
import { OrganisationEntity } from '../organisations/organisation.entity.js';
import { StandardEntity } from '../standards/entities/standard.entity.js';
import { UserEntity } from '../users/user.entity.js';
import { APPRENTICESHIP_STATUSES } from '../../common/vocabulary.js';
import type { ApprenticeshipStatus } from '../../common/vocabulary.js';

/** One apprentice on one standard version, trained by a provider for an employer. */
@Entity('apprenticeships')
@Check('chk_apprenticeships_dates', `planned_gateway_date > start_date`)
@Index('ix_apprenticeships_provider_id', ['providerId'])
@Index('ix_apprenticeships_cohort_id', ['cohortId'])
@Index('ix_apprenticeships_uln', ['uln'])
@Index('ix_apprenticeships_apprentice_id', ['apprenticeId'])
@Index('ix_apprenticeships_employer_id', ['employerId'])
@Index('ix_apprenticeships_assessor_id', ['assessorId'])
export class ApprenticeshipEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  apprenticeId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'apprentice_id' })
  apprentice: Relation<UserEntity>;

  @Column({ type: 'uuid' })
  standardId: string;

  @ManyToOne(() => StandardEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'standard_id' })
  standard: Relation<StandardEntity>;

  @Column({ type: 'uuid' })
  providerId: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'provider_id' })
  provider: Relation<OrganisationEntity>;

  @Column({ type: 'uuid' })
  employerId: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'employer_id' })
  employer: Relation<OrganisationEntity>;

  @Column({ type: 'uuid', nullable: true })
  cohortId: string | null;

  @ManyToOne(() => CohortEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'cohort_id' })
  cohort: Relation<CohortEntity> | null;

  @Column({ type: 'uuid' })
  tutorId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'tutor_id' })
  tutor: Relation<UserEntity>;

  /** The end-point assessor; optional until gateway. */
  @Column({ type: 'uuid', nullable: true })
  assessorId: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'assessor_id' })
  assessor: Relation<UserEntity> | null;

  /** Unique Learner Number, 10 digits. */
  @Column({ type: 'char', length: 10 })
  uln: string;

  @Column({ type: 'date' })
  startDate: string;

  @Column({ type: 'date' })
  plannedGatewayDate: string;

  @Column({
    type: 'enum',
    enum: APPRENTICESHIP_STATUSES,
    enumName: 'apprenticeship_status',
    default: 'in_training',
  })
  status: ApprenticeshipStatus;

  /** Next evidence reference number: incremented under a row lock, so E-numbers are never reused. */
  @Column({ type: 'int', default: 1, select: false })
  nextEvidenceNumber: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
