import { isIsoDate, longDay } from '../../common/clock/calendar.js';
import { AppError, type FieldError } from '../../common/errors/app-error.js';
import { inPageOrder, toFormErrors, type FormErrors } from '../forms.js';

/**
 * People's words for the progress review form's errors. The API's say "owner must be one of the
 * following values: …" or "must not be in the future" against a field path; the page names the
 * action as the form shows it ("action 2", its form row) and says what to do, giving examples in
 * the day-month-year style of the other forms.
 */

const LONG_TEXT = 10_000;
const ACTION_TEXT = 2000;

const TEXTS: Record<string, string> = {
  trainingPlanProgress: 'the progress against the training plan',
  concerns: 'the concerns',
  supportAndWellbeing: 'the support needs and wellbeing',
  epaReadiness: 'the end-point assessment readiness',
};

/** The action's number on the form ("Action 2") for its place among the actions sent. */
const actionNumber = (rows: number[], i: number) => (rows[i] ?? i) + 1;

interface SentBody {
  actions?: { description: string }[];
  [field: string]: unknown;
}

/**
 * For the DTO's checks, which are about form (a real date, a choice made, a length): a message for
 * each field the form has, keyed by the API's field path as validateForm takes it. `rows[i]` is
 * the form row of `body.actions[i]`.
 */
export function reviewFormWords(body: SentBody, rows: number[]): Record<string, string> {
  const words: Record<string, string> = {
    meetingDate: 'Enter the date of the meeting as a real date, for example 2 3 2026',
    nextReviewDate: 'Enter the date of the next review as a real date, for example 30 6 2026',
    nextReviewLaterReason:
      'Explain in at least 10 characters why the next review is later than the rule allows',
  };
  for (const [field, what] of Object.entries(TEXTS)) {
    words[field] = `Shorten ${what} to ${LONG_TEXT.toLocaleString('en-GB')} characters or fewer`;
  }
  (body.actions ?? []).forEach((action, i) => {
    const n = actionNumber(rows, i);
    words[`actions.${i}.description`] =
      action.description.length > ACTION_TEXT
        ? `Shorten what is to be done for action ${n} to ${ACTION_TEXT.toLocaleString('en-GB')} characters or fewer`
        : `Enter what is to be done for action ${n}`;
    words[`actions.${i}.owner`] = `Choose who will do action ${n}`;
    words[`actions.${i}.dueDate`] =
      `Enter the due date of action ${n} as a real date, for example 28 2 2027`;
  });
  const previous = Array.isArray(body.previousActions) ? body.previousActions : [];
  previous.forEach((_, i) => {
    words[`previousActions.${i}.status`] =
      'Choose whether the action is done, in progress or not done';
  });
  return words;
}

/** One of the service's rules (review-rules.ts, named by `rule`) in people's words. */
function ruleWords(error: FieldError, rows: number[]): string | undefined {
  const day = error.limit && isIsoDate(error.limit) ? longDay(error.limit) : undefined;
  if (!day) return undefined;
  const action = /^actions\.(\d+)\.dueDate$/.exec(error.field);
  switch (error.rule) {
    case 'not_in_future':
      return 'The date of the meeting cannot be in the future: enter the day it was held, for example 2 3 2026';
    case 'not_before_start':
      return `The date of the meeting cannot be before the apprenticeship started on ${day}`;
    case 'after_previous_meeting':
      return `The date of the meeting must be after the previous review’s meeting on ${day}`;
    case 'after_meeting':
      return `The date of the next review must be after the meeting on ${day}`;
    case 'reason_for_later_date':
      return `Explain why the next review is later than ${day}, the last day of the third calendar month after the meeting`;
    case 'not_before_meeting':
      return action
        ? `The due date of action ${actionNumber(rows, Number(action[1]))} must be on or after the day of the meeting, ${day}`
        : undefined;
    default:
      return undefined;
  }
}

/** For the service's refusals: each field's rule message in people's words, for formErrorsOf. */
export function reviewRuleWords(error: unknown, rows: number[]): Record<string, string> {
  const details = (error as AppError | undefined)?.details;
  const words: Record<string, string> = {};
  if (!Array.isArray(details)) return words;
  for (const detail of details) {
    const text = ruleWords(detail, rows);
    if (text && !(detail.field in words)) words[detail.field] = text;
  }
  return words;
}

/** For the provider's signature, refused while the record is incomplete. */
export const SIGN_WORDS: Record<string, string> = {
  trainingPlanProgress:
    'Record progress against the training plan (change the review) before signing',
  epaReadiness: 'Record end-point assessment readiness (change the review) before signing',
};

/** The form's fields in page order, for the error summary. */
const PAGE_ORDER = [
  'meetingDate',
  'previousActions-',
  'trainingPlanProgress',
  'concerns',
  'supportAndWellbeing',
  'epaReadiness',
  'actions-',
  'nextReviewDate',
  'nextReviewLaterReason',
];

/**
 * The form's own errors with the review rules' on its well-formed fields (formRuleProblems): all
 * in one round, each field's first, the summary in page order.
 */
export function withRuleProblems(
  errors: FormErrors,
  problems: FieldError[],
  rows: number[],
): FormErrors {
  const rules = toFormErrors(problems, reviewRuleWords(AppError.validation(problems), rows));
  const fields = { ...rules.fields, ...errors.fields };
  const more = rules.summary.filter((s) => !(s.href.slice(1) in errors.fields));
  return inPageOrder({ summary: [...errors.summary, ...more], fields }, PAGE_ORDER);
}

/** Errors of the record's fields, linked to those fields on the review's own form. */
export function onEditForm(id: string, errors: FormErrors): FormErrors {
  return {
    ...errors,
    summary: errors.summary.map((s) =>
      s.href === '#form' ? s : { ...s, href: `/progress-review/${id}/edit${s.href}` },
    ),
  };
}
