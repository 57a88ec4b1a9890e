import {
  Column,
  Entity,
  JoinColumn,
  JoinTable,
  ManyToMany,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
  Unique,
} from 'typeorm';
import { CriterionEntity } from './criterion.entity.js';
import { StandardEntity } from './standard.entity.js';

/** An end-point assessment method of a standard and the KSBs it assesses. */
@Entity('assessment_methods')
@Unique('uq_assessment_methods_standard_id_code', ['standardId', 'code'])
export class AssessmentMethodEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  standardId: string;

  @ManyToOne(() => StandardEntity, (s) => s.assessmentMethods, {
    onDelete: 'CASCADE',
    nullable: false,
  })
  @JoinColumn({ name: 'standard_id' })
  standard: Relation<StandardEntity>;

  @Column({ type: 'varchar', length: 40 })
  code: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'smallint' })
  position: number;

  @ManyToMany(() => CriterionEntity)
  @JoinTable({
    name: 'assessment_method_criteria',
    joinColumn: { name: 'assessment_method_id' },
    inverseJoinColumn: { name: 'criterion_id' },
  })
  criteria: Relation<CriterionEntity[]>;
}
