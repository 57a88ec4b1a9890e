import {
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
import { ApprenticeshipEntity } from '../apprenticeships/apprenticeship.entity.js';
import { UserEntity } from '../users/user.entity.js';
import type { ReviewActionStatus, ReviewParty } from '../../common/vocabulary.js';

/** An action agreed at a review: who does what by when. `id` lets the next review report on it. */
export interface ReviewAction {
  id: string;
  description: string;
  owner: ReviewParty;
  dueDate: string;
}

/** An action of the previous review as this one found it (null: not yet marked). */
export interface CarriedAction extends ReviewAction {
  status: ReviewActionStatus | null;
}

/** What changed between the previous review (or the start) and this meeting, as pre-filled. */
export interface ReviewChanges {
  /** The window: after `since` (exclusive; the start date itself for a first review) up to `until`. */
  since: string;
  until: string;
  firstReview: boolean;
  criteriaNewlyEvidenced: { code: string; text: string; evidencedAt: string }[];
  evidenceReviewed: {
    counts: {
      accepted: number;
      changesRequested: number;
      tagsAccepted: number;
      tagsRejected: number;
    };
    items: { reference: string; title: string; outcome: string; reviewedAt: string }[];
  };
  /** Off-the-job hours approved by the meeting against those expected by then (review-otj.ts). */
  otj: { approvedHours: number; expectedHours: number } | null;
}

/**
 * A progress review: the record of one three-way meeting. Changed only while nobody has signed;
 * `lockedAt` is set when the last of the three signs.
 */
@Entity('progress_reviews')
@Unique('uq_progress_reviews_apprenticeship_id_number', ['apprenticeshipId', 'number'])
export class ProgressReviewEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  apprenticeshipId: string;

  @ManyToOne(() => ApprenticeshipEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'apprenticeship_id' })
  apprenticeship: Relation<ApprenticeshipEntity>;

  /** 1, 2, 3… per apprenticeship, in meeting order. */
  @Column({ type: 'int' })
  number: number;

  @Column({ type: 'date' })
  meetingDate: string;

  /** When this review was due by the schedule at the time it was recorded. */
  @Column({ type: 'date' })
  dueDate: string;

  @Column({ type: 'jsonb' })
  changes: ReviewChanges;

  @Column({ type: 'jsonb', default: () => `'[]'` })
  previousActions: CarriedAction[];

  @Column({ type: 'jsonb', default: () => `'[]'` })
  actions: ReviewAction[];

  @Column({ type: 'text', default: '' })
  trainingPlanProgress: string;

  @Column({ type: 'text', default: '' })
  concerns: string;

  @Column({ type: 'text', default: '' })
  supportAndWellbeing: string;

  @Column({ type: 'text', default: '' })
  epaReadiness: string;

  @Column({ type: 'date' })
  nextReviewDate: string;

  /** Required when the next review is later than the rule allows. */
  @Column({ type: 'text', nullable: true })
  nextReviewLaterReason: string | null;

  @Column({ type: 'uuid' })
  createdById: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'created_by_id' })
  createdBy: Relation<UserEntity>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  lockedAt: Date | null;
}
