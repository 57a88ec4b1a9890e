import {
  Column,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
  Unique,
} from 'typeorm';
import { StandardEntity } from './standard.entity.js';
import { CRITERION_KINDS } from '../../../common/vocabulary.js';
import type { CriterionKind } from '../../../common/vocabulary.js';

/** The code prefix each kind must use: K12 is knowledge, D3 a duty. */
export const KIND_PREFIX: Record<CriterionKind, string> = {
  knowledge: 'K',
  skill: 'S',
  behaviour: 'B',
  duty: 'D',
};

/** Every taggable unit of a standard: knowledge, skills, behaviours and duties in one table. */
@Entity('criteria')
@Unique('uq_criteria_standard_id_code', ['standardId', 'code'])
export class CriterionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  standardId: string;

  @ManyToOne(() => StandardEntity, (s) => s.criteria, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'standard_id' })
  standard: Relation<StandardEntity>;

  @Column({ type: 'enum', enum: CRITERION_KINDS, enumName: 'criterion_kind' })
  kind: CriterionKind;

  @Column({ type: 'varchar', length: 10 })
  code: string;

  @Column({ type: 'text' })
  text: string;

  /** Order within the standard, as published. */
  @Column({ type: 'smallint' })
  position: number;
}
