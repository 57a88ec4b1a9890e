import {
  Column,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
  Unique,
} from 'typeorm';
import { OtjRuleYearEntity } from './otj-rule-year.entity.js';

/** A kind of activity in a rules year, and whether its hours count towards off-the-job training. */
@Entity('otj_categories')
@Unique('uq_otj_categories_rule_year_code', ['ruleYear', 'code'])
export class OtjCategoryEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 7 })
  ruleYear: string;

  @ManyToOne(() => OtjRuleYearEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'rule_year' })
  year: Relation<OtjRuleYearEntity>;

  @Column({ type: 'varchar', length: 40 })
  code: string;

  @Column({ type: 'varchar', length: 200 })
  label: string;

  /** False for what the rules exclude: induction, English and maths, reviews, exams. */
  @Column({ type: 'boolean' })
  eligible: boolean;

  @Column({ type: 'smallint' })
  position: number;
}
