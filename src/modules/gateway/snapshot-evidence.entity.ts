import { Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { EvidenceEntity } from '../evidence/entities/evidence.entity.js';
import { PortfolioSnapshotEntity } from './portfolio-snapshot.entity.js';

/**
 * Which evidence a snapshot froze. The RESTRICT foreign key makes "frozen evidence cannot be
 * deleted" a database fact, not only an application check.
 */
@Entity('snapshot_evidence')
@Index('ix_snapshot_evidence_evidence_id', ['evidenceId'])
export class SnapshotEvidenceEntity {
  @PrimaryColumn('uuid')
  snapshotId: string;

  @PrimaryColumn('uuid')
  evidenceId: string;

  @ManyToOne(() => PortfolioSnapshotEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'snapshot_id' })
  snapshot: Relation<PortfolioSnapshotEntity>;

  @ManyToOne(() => EvidenceEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'evidence_id' })
  evidence: Relation<EvidenceEntity>;
}
