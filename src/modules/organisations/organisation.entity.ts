import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { ORGANISATION_KINDS } from '../../common/vocabulary.js';
import type { OrganisationKind } from '../../common/vocabulary.js';

/**
 * Training providers (the tenants), employers and end-point assessment organisations. An employer
 * belongs to the provider that trains its apprentices, so it sits inside that tenant.
 */
@Entity('organisations')
@Unique('uq_organisations_ukprn', ['ukprn'])
@Check('chk_organisations_provider_ukprn', `kind <> 'provider' OR ukprn IS NOT NULL`)
@Check('chk_organisations_employer_provider', `(kind = 'employer') = (provider_id IS NOT NULL)`)
@Check(
  'chk_organisations_provider_threshold',
  `evidence_threshold IS NULL OR (kind = 'provider' AND evidence_threshold BETWEEN 1 AND 10)`,
)
export class OrganisationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'enum', enum: ORGANISATION_KINDS, enumName: 'organisation_kind' })
  kind: OrganisationKind;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** UK Provider Reference Number, 8 digits; providers only. */
  @Column({ type: 'char', length: 8, nullable: true })
  ukprn: string | null;

  /**
   * Providers only: accepted tags a criterion needs before it counts as evidenced, when the
   * provider wants more than the standard asks (the higher of the two applies).
   */
  @Column({ type: 'smallint', nullable: true })
  evidenceThreshold: number | null;

  /** For employers: the provider (tenant) they belong to. */
  @Column({ type: 'uuid', nullable: true })
  providerId: string | null;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'provider_id' })
  provider: Relation<OrganisationEntity> | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
