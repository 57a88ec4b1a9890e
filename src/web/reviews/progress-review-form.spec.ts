import { describe, expect, it } from '@jest/globals';
import { toFormErrors } from '../forms.js';
import { atFormFields, reviewBody } from './progress-review-form.js';

describe('the progress review form', () => {
  const form = {
    meetingDate: '2026-03-02',
    trainingPlanProgress: ' On plan ',
    'status-a1': 'done',
    'status-a2': '',
    'actions-0-description': '',
    'actions-0-owner': '',
    'actions-0-dueDate': '',
    'actions-1-description': 'Write it up',
    'actions-1-owner': 'apprentice',
    'actions-1-dueDate': '2026-04-01',
    nextReviewDate: '',
    nextReviewLaterReason: '  ',
  };

  it('sends filled rows and marked actions only, and leaves a blank next date to the rule', () => {
    const { rows, sentIds, body } = reviewBody(form, ['a1', 'a2']);
    expect(rows).toEqual([1]);
    expect(sentIds).toEqual(['a1']);
    expect(body).toEqual({
      meetingDate: '2026-03-02',
      trainingPlanProgress: 'On plan',
      concerns: '',
      supportAndWellbeing: '',
      epaReadiness: '',
      previousActions: [{ id: 'a1', status: 'done' }],
      actions: [{ description: 'Write it up', owner: 'apprentice', dueDate: '2026-04-01' }],
      nextReviewLaterReason: null,
    });
  });

  it('takes a day typed as the examples write it, day month year, as YYYY-MM-DD', () => {
    const typed = {
      ...form,
      meetingDate: '2 3 2026',
      'actions-1-dueDate': '28/2/2027',
      nextReviewDate: '2026-06-30',
    };
    const { body } = reviewBody(typed, []);
    expect(body.meetingDate).toBe('2026-03-02');
    expect(body.actions[0].dueDate).toBe('2027-02-28');
    expect(body.nextReviewDate).toBe('2026-06-30');
    expect(reviewBody({ ...form, meetingDate: 'soon' }, []).body.meetingDate).toBe('soon');
  });

  it("shows the API's field paths at the form's own fields", () => {
    const errors = toFormErrors([
      { field: 'actions.0.dueDate', message: 'must be on or after the meeting' },
      { field: 'previousActions.0.status', message: 'must be one of …' },
      { field: 'meetingDate', message: 'must not be in the future' },
    ]);
    const shown = atFormFields(errors, [1], ['a1']);
    expect(Object.keys(shown.fields)).toEqual(['actions-1-dueDate', 'status-a1', 'meetingDate']);
    expect(shown.summary.map((s) => s.href)).toEqual([
      '#actions-1-dueDate',
      '#status-a1',
      '#meetingDate',
    ]);
  });
});
