import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { Database } from '../../common/database/database.js';
import { prepared } from '../../common/database/named-query.js';
import { REVIEW_PARTIES } from '../../common/vocabulary.js';
import { apprenticeshipScope } from '../access/access-scopes.js';

/** A progress review whose next signature is the reader's, for their first page. */
export interface ReviewToSign {
  id: string;
  number: number;
  meetingDate: string;
  apprenticeshipId: string;
  apprenticeName: string;
}

/** The most a first page lists; the count says how many there are in all. */
const LISTED = 20;

/**
 * Across every apprenticeship the user follows: the reviews waiting for their party to sign next
 * (the parties sign in turn: provider, employer, apprentice), oldest meeting first.
 */
@Injectable()
export class ReviewsToSign {
  constructor(private readonly db: Database) {}

  async of(user: AuthUser): Promise<{ items: ReviewToSign[]; total: number }> {
    const party = REVIEW_PARTIES.find((p) => p === user.role);
    if (!party) return { items: [], total: 0 };
    const scope = apprenticeshipScope(user, 'a', true);
    const rows = await this.db.queryNamed<ReviewToSign & { total: number }>(
      prepared(
        `SELECT r.id, r.number, to_char(r.meeting_date, 'YYYY-MM-DD') AS "meetingDate",
                a.id AS "apprenticeshipId", u.name AS "apprenticeName",
                count(*) OVER ()::int AS total
         FROM progress_reviews r
         JOIN apprenticeships a ON a.id = r.apprenticeship_id
         JOIN users u ON u.id = a.apprentice_id
         WHERE (${scope.sql}) AND r.locked_at IS NULL
           AND (SELECT x.party FROM unnest(CAST(:parties AS text[])) WITH ORDINALITY AS x(party, n)
                WHERE NOT EXISTS (SELECT 1 FROM progress_review_signatures s
                                  WHERE s.review_id = r.id AND s.party::text = x.party)
                ORDER BY x.n LIMIT 1) = :party
         ORDER BY r.meeting_date, r.number
         LIMIT ${LISTED}`,
      ),
      { ...scope.params, parties: [...REVIEW_PARTIES], party },
    );
    return { items: rows.map(({ total: _total, ...item }) => item), total: rows[0]?.total ?? 0 };
  }
}
