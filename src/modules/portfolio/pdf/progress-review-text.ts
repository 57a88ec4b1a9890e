import { fill } from './format.js';
/**
 * The wording of progress reviews in PDFs (the portfolio's list of reviews and a review's own PDF):
 * `text.progressReviews` in the template. Placeholders are named where they are used.
 */
export const PROGRESS_REVIEW_TEXT = [
  'section',
  'intro',
  'none',
  'number',
  'meeting',
  'provider',
  'employer',
  'apprentice',
  'notSigned',
  'late',
  'documentTitle',
  'title',
  'footer',
  'meetingDate',
  'dueDate',
  'heldLate',
  'changes',
  'changesFirst',
  'criteriaNewlyEvidenced',
  'evidencedOn',
  'noCriteria',
  'evidenceReviewed',
  'reviewCounts',
  'noEvidenceReviewed',
  'otj',
  'otjFigures',
  'otjUnavailable',
  'previousActions',
  'noPreviousActions',
  'actions',
  'noActions',
  'action',
  'owner',
  'due',
  'status',
  'notMarked',
  'done',
  'in_progress',
  'not_done',
  'accepted',
  'changes_requested',
  'trainingPlanProgress',
  'concerns',
  'supportAndWellbeing',
  'epaReadiness',
  'nothingRecorded',
  'nextReview',
  'nextReviewBy',
  'laterReason',
  'signatures',
  'party',
  'signedBy',
  'signedAt',
  'afterMeeting',
  'sameDay',
  'day',
  'days',
  'contentHash',
  'partyProvider',
  'partyEmployer',
  'partyApprentice',
] as const;

type ReviewWords = Record<(typeof PROGRESS_REVIEW_TEXT)[number], string>;

/** How long after the meeting a party signed: "same day", "1 day", "12 days". */
export function afterMeeting(words: ReviewWords, days: number): string {
  if (days === 0) return words.sameDay;
  return fill(days === 1 ? words.day : words.days, { days });
}
