import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  OneToOne,
  PrimaryColumn,
  type Relation,
  UpdateDateColumn,
} from 'typeorm';
import { ApprenticeshipEntity } from '../../apprenticeships/apprenticeship.entity.js';

/**
 * The apprenticeship's planned off-the-job hours (set at its start, after prior learning) and the
 * reduction for recognised prior learning. Changed only to correct an error, with a reason in
 * the audit trail.
 */
@Entity('otj_plans')
@Check('chk_otj_plans_hours', `planned_hours > 0 AND rpl_hours >= 0`)
export class OtjPlanEntity {
  @PrimaryColumn({ type: 'uuid' })
  apprenticeshipId: string;

  @OneToOne(() => ApprenticeshipEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'apprenticeship_id' })
  apprenticeship: Relation<ApprenticeshipEntity>;

  @Column({ type: 'int' })
  plannedHours: number;

  @Column({ type: 'int', default: 0 })
  rplHours: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
