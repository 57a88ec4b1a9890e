import { Injectable } from '@nestjs/common';
import { OtjProgressService } from '../otj/otj-progress.service.js';
import type { ReviewChanges } from './progress-review.entity.js';

/**
 * Off-the-job hours for a review's "what changed" section: the hours approved for activities up
 * to the meeting against the hours expected by then (planned × the share of the practical period
 * elapsed). Null when no planned hours are set: there is nothing to compare with.
 */
@Injectable()
export class ReviewOtjSource {
  constructor(private readonly otj: OtjProgressService) {}

  async otjFor(apprenticeshipId: string, meetingDate: string): Promise<ReviewChanges['otj']> {
    const { approvedHours, expectedHours } = await this.otj.asOf(apprenticeshipId, meetingDate);
    return expectedHours === null ? null : { approvedHours, expectedHours };
  }
}
