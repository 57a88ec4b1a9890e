import { createHash } from 'node:crypto';
import { REVIEW_PARTIES } from '../../common/vocabulary.js';
import type { ReviewParty } from '../../common/vocabulary.js';
import { canonicalJson } from '../portfolio/portfolio-content.js';
import type { ProgressReviewDto, ReviewSignatureDto } from './dto/progress-review.dto.js';
import type { ProgressReviewEntity } from './progress-review.entity.js';
import { daysBetween } from '../../common/clock/calendar.js';
import { LATE_SIGNATURE_DAYS, reviewDueAfter } from './review-schedule.js';

export interface SignatureRow {
  party: ReviewParty;
  signedBy: string;
  signedAt: Date;
  contentSha256: string;
}

/** The three signatures in signing order, with the time from the meeting and the late flag. */
export function signaturesOf(meetingDate: string, rows: SignatureRow[]): ReviewSignatureDto[] {
  return REVIEW_PARTIES.map((party) => {
    const s = rows.find((r) => r.party === party);
    const days = s ? daysBetween(meetingDate, s.signedAt) : null;
    return {
      party,
      signed: !!s,
      signedBy: s?.signedBy ?? null,
      signedAt: s?.signedAt ?? null,
      daysAfterMeeting: days,
      late: days !== null && days > LATE_SIGNATURE_DAYS,
      contentSha256: s?.contentSha256 ?? null,
    };
  });
}

/** The first party in order who has not signed, or null when all have. */
export const nextToSign = (rows: { party: ReviewParty }[]): ReviewParty | null =>
  REVIEW_PARTIES.find((p) => !rows.some((r) => r.party === p)) ?? null;

/** What a signature attests to: every field of the record, in canonical JSON. */
export function contentSha256Of(r: ProgressReviewEntity): string {
  const content = {
    apprenticeshipId: r.apprenticeshipId,
    number: r.number,
    meetingDate: r.meetingDate,
    dueDate: r.dueDate,
    changes: r.changes,
    previousActions: r.previousActions,
    actions: r.actions,
    trainingPlanProgress: r.trainingPlanProgress,
    concerns: r.concerns,
    supportAndWellbeing: r.supportAndWellbeing,
    epaReadiness: r.epaReadiness,
    nextReviewDate: r.nextReviewDate,
    nextReviewLaterReason: r.nextReviewLaterReason,
  };
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

/** The audited shape of a record: its fields without ids and timestamps. */
export function auditShapeOf(r: ProgressReviewEntity) {
  return {
    number: r.number,
    meetingDate: r.meetingDate,
    previousActions: r.previousActions,
    actions: r.actions,
    trainingPlanProgress: r.trainingPlanProgress,
    concerns: r.concerns,
    supportAndWellbeing: r.supportAndWellbeing,
    epaReadiness: r.epaReadiness,
    nextReviewDate: r.nextReviewDate,
    nextReviewLaterReason: r.nextReviewLaterReason,
  };
}

export function toReviewDto(
  r: ProgressReviewEntity,
  rows: SignatureRow[],
  hasLaterReview: boolean,
): ProgressReviewDto {
  return {
    id: r.id,
    apprenticeshipId: r.apprenticeshipId,
    number: r.number,
    meetingDate: r.meetingDate,
    dueDate: r.dueDate,
    heldLate: r.meetingDate > r.dueDate,
    changes: r.changes,
    previousActions: r.previousActions,
    actions: r.actions,
    trainingPlanProgress: r.trainingPlanProgress,
    concerns: r.concerns,
    supportAndWellbeing: r.supportAndWellbeing,
    epaReadiness: r.epaReadiness,
    nextReviewDate: r.nextReviewDate,
    nextReviewRuleDate: reviewDueAfter(r.meetingDate),
    nextReviewLaterReason: r.nextReviewLaterReason,
    signatures: signaturesOf(r.meetingDate, rows),
    nextToSign: nextToSign(rows),
    editable: rows.length === 0 && !hasLaterReview,
    lockedAt: r.lockedAt,
    createdBy: r.createdBy?.name ?? '',
    createdAt: r.createdAt,
  };
}
