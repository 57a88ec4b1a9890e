import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
  Unique,
} from 'typeorm';
import { EvidenceEntity } from './evidence.entity.js';

/** A stored file of a piece of evidence. The storage key is ours; the client's name is data only. */
@Entity('evidence_files')
@Unique('uq_evidence_files_storage_key', ['storageKey'])
@Index('ix_evidence_files_evidence_id', ['evidenceId'])
// Page copies are found and released by their source's SHA-256 (page_images).
@Index('ix_evidence_files_sha256', ['sha256'])
export class EvidenceFileEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  evidenceId: string;

  @ManyToOne(() => EvidenceEntity, (e) => e.files, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'evidence_id' })
  evidence: Relation<EvidenceEntity>;

  @Column({ type: 'varchar', length: 300 })
  storageKey: string;

  @Column({ type: 'varchar', length: 255 })
  originalName: string;

  /** Sniffed from the content, never taken from the client. */
  @Column({ type: 'varchar', length: 150 })
  mediaType: string;

  @Column({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  size: number;

  @Column({ type: 'char', length: 64 })
  sha256: string;

  @Column({ type: 'uuid' })
  uploadedById: string;

  /**
   * The file's words for suggestions (file-text.ts), read once after upload; NULL until read.
   * Never selected with the row: it can be long.
   */
  @Column({ type: 'text', nullable: true, select: false })
  extractedText: string | null;

  /**
   * MD5 of the stored bytes, the CheckSum a PDF's embedded file carries: kept from the first PDF
   * that computed it (PortfolioService), NULL until then.
   */
  @Column({ type: 'bytea', nullable: true, select: false })
  md5: Buffer | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
