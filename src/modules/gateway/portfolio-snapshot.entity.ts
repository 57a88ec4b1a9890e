import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { ApprenticeshipEntity } from '../apprenticeships/apprenticeship.entity.js';
import { UserEntity } from '../users/user.entity.js';

/**
 * The portfolio frozen at gateway: `content` holds everything needed to render the same PDF
 * forever (no reads of live rows), `contentSha256` is its hash shown on the cover, and the PDF
 * rendered once is stored with its own hash.
 */
@Entity('portfolio_snapshots')
@Index('ix_portfolio_snapshots_apprenticeship_id', ['apprenticeshipId'])
export class PortfolioSnapshotEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  apprenticeshipId: string;

  @ManyToOne(() => ApprenticeshipEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'apprenticeship_id' })
  apprenticeship: Relation<ApprenticeshipEntity>;

  @Column({ type: 'uuid' })
  createdById: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'created_by_id' })
  createdBy: Relation<UserEntity>;

  @Column({ type: 'jsonb' })
  content: unknown;

  @Column({ type: 'char', length: 64 })
  contentSha256: string;

  @Column({ type: 'varchar', length: 300 })
  pdfStorageKey: string;

  @Column({ type: 'char', length: 64 })
  pdfSha256: string;

  @Column({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  pdfSize: number;

  /** Why gateway went ahead with criteria missing; null when nothing was missing. */
  @Column({ type: 'text', nullable: true })
  overrideReason: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
