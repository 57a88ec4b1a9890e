import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * The first answer to a request sent with an `Idempotency-Key`: a retry with the same key and
 * the same request gets it again instead of doing the work twice. Kept 24 hours. No foreign key:
 * like the audit trail, it only records what happened.
 */
@Entity('idempotency_keys')
export class IdempotencyKeyEntity {
  @PrimaryColumn({ type: 'uuid' })
  userId: string;

  /** Which operation the key belongs to, e.g. `evidence.create`. */
  @PrimaryColumn({ type: 'varchar', length: 60 })
  scope: string;

  @PrimaryColumn({ type: 'varchar', length: 255 })
  key: string;

  /** SHA-256 of the request (path, body, files): the same key with another request is refused. */
  @Column({ type: 'char', length: 64 })
  fingerprint: string;

  /** Null while the first request is still being answered (inside its transaction). */
  @Column({ type: 'jsonb', nullable: true })
  response: unknown;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
