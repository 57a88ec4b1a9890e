import { Injectable } from '@nestjs/common';
import { Database } from '../../common/database/database.js';
import { CoverageService } from '../coverage/coverage.service.js';
import type { ReviewChanges } from './progress-review.entity.js';
import { addDays } from '../../common/clock/calendar.js';
import { ReviewOtjSource } from './review-otj.js';

interface ReviewedRow {
  reference: string;
  title: string;
  outcome: string;
  reviewed_at: string;
  tags_accepted: number;
  tags_rejected: number;
}

/**
 * What changed between the previous review (or the start) and this meeting, to pre-fill the
 * record: criteria first evidenced in the window (coverage's first-evidenced time, by the one
 * coverage rule), each evidence review decision taken in it (from the append-only trail, so a
 * piece reviewed twice shows twice), and the off-the-job hours approved against those expected.
 *
 * The window runs from the day after the previous meeting (from the start date itself for a first
 * review) to the end of the meeting day, in UTC.
 */
@Injectable()
export class ReviewChangesService {
  constructor(
    private readonly db: Database,
    private readonly coverage: CoverageService,
    private readonly otj: ReviewOtjSource,
  ) {}

  async between(
    apprenticeshipId: string,
    previousMeeting: string | null,
    startDate: string,
    meetingDate: string,
  ): Promise<ReviewChanges> {
    const from = previousMeeting ? addDays(previousMeeting, 1) : startDate;
    const to = addDays(meetingDate, 1);
    const inWindow = (iso: string | null) => iso !== null && iso >= from && iso < to;
    const coverage = await this.coverage.forApprenticeship(apprenticeshipId);
    const reviewed = await this.db.query<ReviewedRow[]>(
      `SELECT 'E' || e.number AS reference, e.title, ev.after ->> 'status' AS outcome,
              to_char(ev.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS reviewed_at,
              (SELECT count(*)::int FROM jsonb_array_elements(ev.after -> 'tags') t
               WHERE t ->> 'status' = 'accepted') AS tags_accepted,
              (SELECT count(*)::int FROM jsonb_array_elements(ev.after -> 'tags') t
               WHERE t ->> 'status' = 'rejected') AS tags_rejected
       FROM audit_events ev JOIN evidence e ON e.id = ev.entity_id
       WHERE ev.apprenticeship_id = $1 AND ev.action = 'evidence.reviewed'
         AND ev.created_at >= $2::date AND ev.created_at < $3::date
       ORDER BY ev.created_at, ev.id`,
      [apprenticeshipId, from, to],
    );
    const sum = (pick: (r: ReviewedRow) => number) => reviewed.reduce((n, r) => n + pick(r), 0);
    return {
      since: previousMeeting ?? startDate,
      until: meetingDate,
      firstReview: previousMeeting === null,
      criteriaNewlyEvidenced: coverage.criteria
        .filter(
          (c) => c.status === 'evidenced' && inWindow(c.firstEvidencedAt?.slice(0, 10) ?? null),
        )
        .map((c) => ({ code: c.code, text: c.text, evidencedAt: c.firstEvidencedAt! })),
      evidenceReviewed: {
        counts: {
          accepted: reviewed.filter((r) => r.outcome === 'accepted').length,
          changesRequested: reviewed.filter((r) => r.outcome === 'changes_requested').length,
          tagsAccepted: sum((r) => r.tags_accepted),
          tagsRejected: sum((r) => r.tags_rejected),
        },
        items: reviewed.map((r) => ({
          reference: r.reference,
          title: r.title,
          outcome: r.outcome,
          reviewedAt: r.reviewed_at,
        })),
      },
      otj: await this.otj.otjFor(apprenticeshipId, meetingDate),
    };
  }
}
