import { describe, expect, it } from '@jest/globals';
import { AppError } from '../../common/errors/app-error.js';
import {
  formRuleProblems,
  meetingDateProblems,
  newActions,
  nextReviewProblems,
} from '../../modules/reviews/review-rules.js';
import { toFormErrors } from '../forms.js';
import { reviewFormWords, reviewRuleWords } from './progress-review-errors.js';

describe("the progress review form's errors in people's words", () => {
  it('names the action by its place on the form, and says what to do', () => {
    const body = {
      actions: [
        { description: 'Write it up', owner: '', dueDate: '' },
        { description: 'x'.repeat(2001), owner: 'employer', dueDate: '2027-02-28' },
      ],
    };
    // The filled rows were the form's second and fourth.
    const words = reviewFormWords(body, [1, 3]);
    expect(words['actions.0.owner']).toBe('Choose who will do action 2');
    expect(words['actions.0.dueDate']).toBe(
      'Enter the due date of action 2 as a real date, for example 28 2 2027',
    );
    expect(words['actions.0.description']).toBe('Enter what is to be done for action 2');
    expect(words['actions.1.description']).toBe(
      'Shorten what is to be done for action 4 to 2,000 characters or fewer',
    );
    expect(words.meetingDate).toBe(
      'Enter the date of the meeting as a real date, for example 2 3 2026',
    );
    expect(Object.values(words).join(' ')).not.toMatch(/\d{4}-\d{2}-\d{2}|dueDate|owner/);
  });

  it("rewords each of the service's rules, naming the days as people read them", () => {
    const bounds = { today: '2026-03-02', startDate: '2025-01-06', previousMeeting: '2025-11-30' };
    const refusal = AppError.validation([
      ...meetingDateProblems('2026-03-03', bounds),
      ...nextReviewProblems('2026-03-02', '2026-07-01', null),
      ...newActions(
        [{ description: 'x', owner: 'apprentice', dueDate: '2026-03-01' }],
        '2026-03-02',
      ).errors,
    ]);
    const shown = toFormErrors(
      refusal.details as { field: string; message: string }[],
      reviewRuleWords(refusal, [2]),
    );
    expect(shown.summary.map((s) => s.text)).toEqual([
      'The date of the meeting cannot be in the future: enter the day it was held, for example 2 3 2026',
      'Explain why the next review is later than 30 June 2026, the last day of the third calendar month after the meeting',
      'The due date of action 3 must be on or after the day of the meeting, 2 March 2026',
    ]);
    const before = meetingDateProblems('2025-01-01', bounds);
    const notAfter = meetingDateProblems('2025-11-30', bounds);
    const next = nextReviewProblems('2026-03-02', '2026-03-02', null);
    const words = reviewRuleWords(AppError.validation([...before, ...next]), []);
    expect(Object.values(words)).toEqual([
      'The date of the meeting cannot be before the apprenticeship started on 6 January 2025',
      'The date of the next review must be after the meeting on 2 March 2026',
    ]);
    // Each names its rule and the day it compares against, for any client to word it.
    expect([...before, ...notAfter, ...next]).toEqual([
      expect.objectContaining({ rule: 'not_before_start', limit: '2025-01-06' }),
      expect.objectContaining({ rule: 'after_previous_meeting', limit: '2025-11-30' }),
      expect.objectContaining({ rule: 'after_meeting', limit: '2026-03-02' }),
    ]);
    expect(reviewRuleWords(AppError.validation(notAfter), []).meetingDate).toBe(
      'The date of the meeting must be after the previous review’s meeting on 30 November 2025',
    );
  });

  it('leaves a refusal without field details to the form-wide message', () => {
    expect(reviewRuleWords(AppError.conflict('Signed'), [])).toEqual({});
  });

  it('judges the rules on the well-formed fields only, before the form is right', () => {
    const bounds = { today: '2026-03-02', startDate: '2025-01-06', previousMeeting: null };
    const rules = (form: object, due: unknown[] = []) =>
      formRuleProblems(form, due, bounds).map((e) => [e.field, e.rule]);
    // No real meeting date: nothing to hold the others against.
    expect(rules({ meetingDate: '' }, ['2020-01-01'])).toEqual([]);
    expect(rules({ meetingDate: '2026-03-02' }, ['', 'soon', '2026-03-01', '2026-03-02'])).toEqual([
      ['actions.2.dueDate', 'not_before_meeting'],
    ]);
    expect(rules({ meetingDate: '2026-03-03', nextReviewDate: '2026-07-01' })).toEqual([
      ['meetingDate', 'not_in_future'],
      ['nextReviewLaterReason', 'reason_for_later_date'],
    ]);
    expect(
      rules({
        meetingDate: '2026-03-02',
        nextReviewDate: '2026-07-01',
        nextReviewLaterReason: 'x',
      }),
    ).toEqual([]);
    expect(rules({ meetingDate: '2026-03-02', nextReviewDate: 'July' })).toEqual([]);
  });
});
