import { Injectable } from '@nestjs/common';
import type { ReviewChanges } from './progress-review.entity.js';

/**
 * Off-the-job hours for a review's "what changed" section: hours approved in the window against
 * the hours expected by its end.
 *
 * KNOWN GAP, deliberately separate: the OTJ log is built in parallel (src/modules/otj). Until it
 * is merged this answers null, and the review record, its pages and its PDF say "OTJ figures not
 * available" rather than printing a made-up zero. To wire it, inject the OTJ progress service
 * here and return its approved hours between `since` (exclusive) and `until` (inclusive) and its
 * expected-to-date figure at `until`; nothing else in the reviews module needs to change.
 */
@Injectable()
export class ReviewOtjSource {
  otjFor(_apprenticeshipId: string, _since: string, _until: string): Promise<ReviewChanges['otj']> {
    return Promise.resolve(null);
  }
}
