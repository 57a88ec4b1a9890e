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
import { ApprenticeshipEntity } from '../apprenticeships/apprenticeship.entity.js';
import { UserEntity } from '../users/user.entity.js';
import { DECLARATION_ROLES } from '../../common/vocabulary.js';
import type { DeclarationRole } from '../../common/vocabulary.js';

/** A gateway declaration, signed by the person in that role themselves, with the exact wording. */
@Entity('gateway_declarations')
@Unique('uq_gateway_declarations_apprenticeship_id_role', ['apprenticeshipId', 'role'])
export class DeclarationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  apprenticeshipId: string;

  @ManyToOne(() => ApprenticeshipEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'apprenticeship_id' })
  apprenticeship: Relation<ApprenticeshipEntity>;

  @Column({ type: 'enum', enum: DECLARATION_ROLES, enumName: 'declaration_role' })
  role: DeclarationRole;

  @Column({ type: 'uuid' })
  signedById: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'signed_by_id' })
  signedBy: Relation<UserEntity>;

  /** The statement as it read when signed. */
  @Column({ type: 'text' })
  statement: string;

  @CreateDateColumn({ type: 'timestamptz' })
  signedAt: Date;
}
