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
import { UserEntity } from '../users/user.entity.js';
import { REVIEW_PARTIES } from '../../common/vocabulary.js';
import type { ReviewParty } from '../../common/vocabulary.js';
import { ProgressReviewEntity } from './progress-review.entity.js';

/**
 * One party's signature on a progress review, by the person themselves. `contentSha256` is the
 * hash of the record as it was signed, so what each person signed can be proved later.
 */
@Entity('progress_review_signatures')
@Unique('uq_progress_review_signatures_review_id_party', ['reviewId', 'party'])
export class ProgressReviewSignatureEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  reviewId: string;

  @ManyToOne(() => ProgressReviewEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'review_id' })
  review: Relation<ProgressReviewEntity>;

  @Column({ type: 'enum', enum: REVIEW_PARTIES, enumName: 'review_party' })
  party: ReviewParty;

  @Column({ type: 'uuid' })
  signedById: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'signed_by_id' })
  signedBy: Relation<UserEntity>;

  @Column({ type: 'char', length: 64 })
  contentSha256: string;

  @CreateDateColumn({ type: 'timestamptz' })
  signedAt: Date;
}
