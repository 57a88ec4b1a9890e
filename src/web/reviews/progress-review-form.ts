import { formText } from '../forms.js';
import type { FormErrors, PostedForm } from '../forms.js';

/** Blank rows for new actions that the form offers (no JavaScript needed to add one). */
export const BLANK_ACTION_ROWS = 3;

const one = (value: unknown) => formText(value)?.trim() ?? '';

/**
 * A date box's value: what a date picker posts (YYYY-MM-DD) as it is; typed as the messages'
 * examples write a day ("2 3 2026", "2/3/2026") where the browser offers no picker, as YYYY-MM-DD.
 */
function day(value: unknown): string {
  const text = one(value);
  const dmy = /^(\d{1,2})[\s/.-]+(\d{1,2})[\s/.-]+(\d{4})$/.exec(text);
  return dmy ? `${dmy[3]}-${dmy[2].padStart(2, '0')}-${dmy[1].padStart(2, '0')}` : text;
}

/**
 * The posted form as the API's body. Previous actions are radios named `status-<action id>`; new
 * actions are rows `actions-<n>-description|owner|dueDate`, where a row left wholly blank is no
 * action. `rows[i]` is the form row that `actions[i]` came from, so the API's field paths can be
 * shown at the right row. A blank reason for a later next review clears it (null).
 */
export function reviewBody(form: PostedForm, previousActionIds: string[]) {
  const rows: number[] = [];
  const actions: { description: string; owner: string; dueDate: string }[] = [];
  const count = Object.keys(form).filter((k) => /^actions-\d+-description$/.test(k)).length;
  for (let n = 0; n < count; n++) {
    const row = {
      description: one(form[`actions-${n}-description`]),
      owner: one(form[`actions-${n}-owner`]),
      dueDate: day(form[`actions-${n}-dueDate`]),
    };
    if (!row.description && !row.owner && !row.dueDate) continue;
    rows.push(n);
    actions.push(row);
  }
  const previousActions = previousActionIds
    .map((id) => ({ id, status: one(form[`status-${id}`]) }))
    .filter((a) => a.status !== '');
  const reason = one(form.nextReviewLaterReason);
  const nextReviewDate = day(form.nextReviewDate);
  return {
    rows,
    sentIds: previousActions.map((a) => a.id),
    body: {
      meetingDate: day(form.meetingDate),
      trainingPlanProgress: one(form.trainingPlanProgress),
      concerns: one(form.concerns),
      supportAndWellbeing: one(form.supportAndWellbeing),
      epaReadiness: one(form.epaReadiness),
      previousActions,
      actions,
      // Left blank: the rule's date, as the API's default.
      ...(nextReviewDate ? { nextReviewDate } : {}),
      nextReviewLaterReason: reason === '' ? null : reason,
    },
  };
}

/**
 * The API names an action by its place among the filled rows (`actions-1-dueDate`) and a
 * previous action by its place in the list; the page's fields are the form row and the action's
 * id, so the summary's links land on the field to fix.
 */
export function atFormFields(
  errors: FormErrors,
  rows: number[],
  previousActionIds: string[],
): FormErrors {
  const rename = (id: string) =>
    id
      .replace(/^actions-(\d+)-(\w+)$/, (whole, i: string, f: string) =>
        rows[Number(i)] === undefined ? whole : `actions-${rows[Number(i)]}-${f}`,
      )
      .replace(/^previousActions-(\d+)-(?:status|id)$/, (whole, i: string) =>
        previousActionIds[Number(i)] ? `status-${previousActionIds[Number(i)]}` : whole,
      );
  const fields: FormErrors['fields'] = {};
  for (const [id, value] of Object.entries(errors.fields)) fields[rename(id)] ??= value;
  return {
    summary: errors.summary.map((s) => ({ ...s, href: `#${rename(s.href.slice(1))}` })),
    fields,
  };
}
