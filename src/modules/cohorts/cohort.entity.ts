import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
  Unique,
} from 'typeorm';
import { OrganisationEntity } from '../organisations/organisation.entity.js';
import { StandardEntity } from '../standards/entities/standard.entity.js';

/** A provider's group of apprentices on one standard version. */
@Entity('cohorts')
@Unique('uq_cohorts_provider_id_name', ['providerId', 'name'])
export class CohortEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  providerId: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'provider_id' })
  provider: Relation<OrganisationEntity>;

  @Column({ type: 'uuid' })
  standardId: string;

  @ManyToOne(() => StandardEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'standard_id' })
  standard: Relation<StandardEntity>;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'date', nullable: true })
  startDate: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
