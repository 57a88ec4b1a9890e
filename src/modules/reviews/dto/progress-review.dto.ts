import { ApiProperty } from '@nestjs/swagger';
import { REVIEW_ACTION_STATUSES, REVIEW_PARTIES } from '../../../common/vocabulary.js';
import type { ReviewActionStatus, ReviewParty } from '../../../common/vocabulary.js';

export class ReviewActionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() description: string;
  @ApiProperty({ enum: REVIEW_PARTIES }) owner: ReviewParty;
  @ApiProperty({ example: '2026-03-31' }) dueDate: string;
}

export class CarriedActionDto extends ReviewActionDto {
  @ApiProperty({ enum: REVIEW_ACTION_STATUSES, nullable: true, type: String })
  status: ReviewActionStatus | null;
}

export class ReviewSignatureDto {
  @ApiProperty({ enum: REVIEW_PARTIES }) party: ReviewParty;
  @ApiProperty() signed: boolean;
  @ApiProperty({ nullable: true, type: String }) signedBy: string | null;
  @ApiProperty({ nullable: true, type: Date }) signedAt: Date | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Days from the meeting to signing' })
  daysAfterMeeting: number | null;
  @ApiProperty({ description: 'Signed more than 14 days after the meeting' }) late: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'SHA-256 of the record as signed' })
  contentSha256: string | null;
}

export class ReviewChangesDto {
  @ApiProperty() since: string;
  @ApiProperty() until: string;
  @ApiProperty() firstReview: boolean;
  @ApiProperty({ description: 'Criteria first evidenced in the window (code, text, evidencedAt)' })
  criteriaNewlyEvidenced: { code: string; text: string; evidencedAt: string }[];
  @ApiProperty({ description: 'Review decisions in the window: counts and the items' })
  evidenceReviewed: {
    counts: {
      accepted: number;
      changesRequested: number;
      tagsAccepted: number;
      tagsRejected: number;
    };
    items: { reference: string; title: string; outcome: string; reviewedAt: string }[];
  };
  @ApiProperty({ nullable: true, description: 'OTJ hours approved against expected (when wired)' })
  otj: { approvedHours: number; expectedHours: number } | null;
}

export class ProgressReviewDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) apprenticeshipId: string;
  @ApiProperty({ example: 2 }) number: number;
  @ApiProperty({ example: '2026-03-02' }) meetingDate: string;
  @ApiProperty({ description: 'When it was due by the schedule' }) dueDate: string;
  @ApiProperty({ description: 'Held after its due date' }) heldLate: boolean;
  @ApiProperty({ type: ReviewChangesDto }) changes: ReviewChangesDto;
  @ApiProperty({ type: [CarriedActionDto] }) previousActions: CarriedActionDto[];
  @ApiProperty({ type: [ReviewActionDto] }) actions: ReviewActionDto[];
  @ApiProperty() trainingPlanProgress: string;
  @ApiProperty() concerns: string;
  @ApiProperty() supportAndWellbeing: string;
  @ApiProperty() epaReadiness: string;
  @ApiProperty() nextReviewDate: string;
  @ApiProperty({ description: 'What the 3-calendar-month rule gives from this meeting' })
  nextReviewRuleDate: string;
  @ApiProperty({ nullable: true, type: String }) nextReviewLaterReason: string | null;
  @ApiProperty({ type: [ReviewSignatureDto], description: 'In signing order' })
  signatures: ReviewSignatureDto[];
  @ApiProperty({
    enum: REVIEW_PARTIES,
    nullable: true,
    type: String,
    description: 'Who signs next',
  })
  nextToSign: ReviewParty | null;
  @ApiProperty({ description: 'No signature yet, and no later review: the record can change' })
  editable: boolean;
  @ApiProperty({ nullable: true, type: Date, description: 'When the last party signed' })
  lockedAt: Date | null;
  @ApiProperty() createdBy: string;
  @ApiProperty() createdAt: Date;
}

export class ReviewScheduleDto {
  @ApiProperty({ nullable: true, type: String }) nextDueDate: string | null;
  @ApiProperty({ nullable: true, type: String }) ruleDueDate: string | null;
  @ApiProperty() daysOverdue: number;
  @ApiProperty() overdue: boolean;
  @ApiProperty() inPracticalPeriod: boolean;
}

export class ProgressReviewSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() number: number;
  @ApiProperty() meetingDate: string;
  @ApiProperty() dueDate: string;
  @ApiProperty() heldLate: boolean;
  @ApiProperty() nextReviewDate: string;
  @ApiProperty({ type: [ReviewSignatureDto] }) signatures: ReviewSignatureDto[];
  @ApiProperty({ enum: REVIEW_PARTIES, nullable: true, type: String })
  nextToSign: ReviewParty | null;
  @ApiProperty({ nullable: true, type: Date }) lockedAt: Date | null;
}

export class ProgressReviewListDto {
  @ApiProperty({ type: ReviewScheduleDto }) schedule: ReviewScheduleDto;
  @ApiProperty({ type: [ProgressReviewSummaryDto], description: 'Newest meeting first' })
  reviews: ProgressReviewSummaryDto[];
}
