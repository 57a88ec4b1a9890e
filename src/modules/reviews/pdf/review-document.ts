import type { ProgressReviewDto } from '../dto/progress-review.dto.js';

/** What a progress review's PDF shows: the record and whose it is. Plain data, no entities. */
export interface ReviewDocument {
  /** When the last party signed: the PDF's creation date, so the same review gives the same bytes. */
  generatedAt: string;
  apprentice: { name: string; uln: string };
  employer: { name: string };
  provider: { name: string; ukprn: string };
  standard: { code: string; version: string; title: string; level: number };
  review: Pick<
    ProgressReviewDto,
    | 'number'
    | 'meetingDate'
    | 'dueDate'
    | 'heldLate'
    | 'changes'
    | 'previousActions'
    | 'actions'
    | 'trainingPlanProgress'
    | 'concerns'
    | 'supportAndWellbeing'
    | 'epaReadiness'
    | 'nextReviewDate'
    | 'nextReviewRuleDate'
    | 'nextReviewLaterReason'
  > & {
    signatures: {
      party: string;
      signedBy: string;
      signedAt: string;
      daysAfterMeeting: number;
      late: boolean;
      contentSha256: string;
    }[];
  };
}
