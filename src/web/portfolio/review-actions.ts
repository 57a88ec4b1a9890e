import type { ReviewActionStatus, ReviewParty } from '../../common/vocabulary.js';
import type {
  ProgressReviewDto,
  ProgressReviewSummaryDto,
} from '../../modules/reviews/dto/progress-review.dto.js';

/** One action of the signed-in person's, as the portfolio's dashboard lists it. */
export interface OpenAction {
  description: string;
  dueDate: string;
  overdue: boolean;
  /** The review that agreed it. */
  from: { id: string | null; number: number };
  /** Agreed at the review before the latest, which reported on it without finding it done. */
  carried: boolean;
  /** Where the latest review found a carried action: null when not marked yet. */
  found: ReviewActionStatus | null;
}

/** The latest review and the actions it leaves open for one party, soonest due first. */
export interface ActionsForYou {
  review: Pick<ProgressReviewDto, 'id' | 'number' | 'meetingDate'> & { signed: boolean };
  actions: OpenAction[];
}

/**
 * What is still open for `party` after the latest progress review. An action's status is
 * recorded only at the next review, and only that review's actions are carried forward, so the
 * latest review is the last word: its own actions (not yet reported on), and the earlier review's
 * actions it did not find done (in progress, not done, or not marked yet).
 */
export function actionsFor(
  latest: ProgressReviewDto | null,
  summaries: Pick<ProgressReviewSummaryDto, 'id' | 'number'>[],
  party: ReviewParty,
  today: string,
): ActionsForYou | null {
  if (!latest) return null;
  const previous = summaries.find((r) => r.number === latest.number - 1);
  const action = (
    a: { description: string; dueDate: string },
    from: OpenAction['from'],
  ): OpenAction => ({
    description: a.description,
    dueDate: a.dueDate,
    overdue: a.dueDate < today,
    from,
    carried: false,
    found: null,
  });
  const carried = latest.previousActions
    .filter((a) => a.owner === party && a.status !== 'done')
    .map((a) => ({
      ...action(a, { id: previous?.id ?? null, number: latest.number - 1 }),
      carried: true,
      found: a.status,
    }));
  const agreed = latest.actions
    .filter((a) => a.owner === party)
    .map((a) => action(a, { id: latest.id, number: latest.number }));
  const actions = [...carried, ...agreed].sort((x, y) => x.dueDate.localeCompare(y.dueDate));
  return {
    review: {
      id: latest.id,
      number: latest.number,
      meetingDate: latest.meetingDate,
      signed: latest.lockedAt !== null,
    },
    actions,
  };
}
