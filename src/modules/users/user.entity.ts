import {
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
import { OrganisationEntity } from '../organisations/organisation.entity.js';
import { ROLES } from '../../common/vocabulary.js';
import type { Role } from '../../common/vocabulary.js';

/**
 * A person with one role. `providerId` is the tenant the user lives in (providers, and the
 * employer and apprentice users a provider manages); admins and assessors have none.
 */
@Entity('users')
@Index('uq_users_email', ['email'], { unique: true })
// Full-text index on ksb_fold(name, email): written in the search migration.
@Index('ix_users_search', { synchronize: false })
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Stored lower-cased, so uniqueness is case-insensitive. */
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'enum', enum: ROLES, enumName: 'user_role' })
  role: Role;

  @Column({ type: 'uuid', nullable: true })
  organisationId: string | null;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id' })
  organisation: Relation<OrganisationEntity> | null;

  @Column({ type: 'uuid', nullable: true })
  providerId: string | null;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'provider_id' })
  provider: Relation<OrganisationEntity> | null;

  @Column({ type: 'varchar', length: 255, select: false })
  passwordHash: string;

  /** Carried in every token as `ver`; raised on a password change, which revokes older tokens. */
  @Column({ type: 'integer', default: 0 })
  tokenVersion: number;

  @Column({ type: 'timestamptz', nullable: true })
  disabledAt: Date | null;

  /** Soft delete: the row stays for audit and references, the account is gone. */
  @Column({ type: 'timestamptz', nullable: true })
  deletedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
