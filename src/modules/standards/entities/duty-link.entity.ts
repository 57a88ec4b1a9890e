import { Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { CriterionEntity } from './criterion.entity.js';

/** A duty and one of the KSBs it is linked to by the standard. */
@Entity('duty_links')
export class DutyLinkEntity {
  @PrimaryColumn('uuid')
  dutyId: string;

  @PrimaryColumn('uuid')
  ksbId: string;

  @ManyToOne(() => CriterionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'duty_id' })
  duty: Relation<CriterionEntity>;

  @ManyToOne(() => CriterionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'ksb_id' })
  ksb: Relation<CriterionEntity>;
}
