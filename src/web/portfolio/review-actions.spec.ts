import { describe, expect, it } from '@jest/globals';
import type { ProgressReviewDto } from '../../modules/reviews/dto/progress-review.dto.js';
import { actionsFor } from './review-actions.js';

const latest = {
  id: 'r2',
  number: 2,
  meetingDate: '2026-12-02',
  lockedAt: null,
  previousActions: [
    {
      id: 'p1',
      description: 'Done one',
      owner: 'apprentice',
      dueDate: '2026-10-01',
      status: 'done',
    },
    { id: 'p2', description: 'Late one', owner: 'apprentice', dueDate: '2026-10-02', status: null },
    {
      id: 'p3',
      description: 'Theirs',
      owner: 'employer',
      dueDate: '2026-10-03',
      status: 'not_done',
    },
  ],
  actions: [
    { id: 'a1', description: 'Submit it', owner: 'apprentice', dueDate: '2026-12-28' },
    { id: 'a2', description: 'Sponsor', owner: 'employer', dueDate: '2027-01-18' },
  ],
} as unknown as ProgressReviewDto;
const summaries = [
  { id: 'r2', number: 2 },
  { id: 'r1', number: 1 },
];

describe('the actions a review leaves open for one side', () => {
  it('keeps that side’s new actions and the carried ones not found done, soonest first', () => {
    const open = actionsFor(latest, summaries, 'apprentice', '2026-12-10');
    expect(open?.review).toEqual({ id: 'r2', number: 2, meetingDate: '2026-12-02', signed: false });
    expect(open?.actions.map((a) => [a.description, a.overdue, a.from.id, a.carried])).toEqual([
      ['Late one', true, 'r1', true],
      ['Submit it', false, 'r2', false],
    ]);
  });

  it('is nothing before any review', () => {
    expect(actionsFor(null, [], 'employer', '2026-12-10')).toBeNull();
  });
});
