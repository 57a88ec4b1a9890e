import { isIsoDate, longDay } from '../../common/clock/calendar.js';
import type { FieldError } from '../../common/errors/app-error.js';
import { activityDateProblem, durationProblem, minutesOf } from '../../modules/otj/otj-rules.js';
import type { OtjEntryDto } from '../../modules/otj/dto/otj.dto.js';
import { dateFields, dateOf, formErrorsAt, formText, inPageOrder } from '../forms.js';
import type { FormErrors, Friendly, PostedForm } from '../forms.js';

/**
 * The form as the API's CreateOtjEntryDto takes it: the date's day, month and year become
 * YYYY-MM-DD, hours and minutes "h:mm" (hours alone are whole hours), the criteria text becomes
 * codes, empty optional fields are left out.
 */
export function entryBody(form: PostedForm): Record<string, unknown> {
  const text = (name: string) => formText(form[name]) ?? '';
  const hours = text('hours').trim();
  const minutes = text('minutes').trim();
  const given = (name: string) => text(name).trim() || undefined;
  return {
    activityDate: dateOf(form, 'activityDate'),
    startTime: given('startTime'),
    duration:
      hours === '' && minutes === ''
        ? undefined
        : `${hours === '' ? '0' : hours}:${(minutes === '' ? '0' : minutes).padStart(2, '0')}`,
    description: text('description'),
    category: text('category'),
    deliveredBy: text('deliveredBy'),
    criteria: text('criteria')
      .toUpperCase()
      .split(/[\s,;]+/)
      .filter((code) => code !== ''),
    evidenceId: given('evidenceId'),
  };
}

/** An entry as the form shows it to be changed: the inverse of entryBody. */
export function entryForm(entry: OtjEntryDto): PostedForm {
  const [hours, minutes] = entry.duration.split(':').map(Number);
  return {
    ...dateFields('activityDate', entry.activityDate),
    hours: String(hours),
    minutes: String(minutes),
    category: entry.category.code,
    deliveredBy: entry.deliveredBy,
    description: entry.description,
    startTime: entry.startTime ?? '',
    criteria: entry.criteria.join(', '),
    evidenceId: entry.evidence?.id ?? '',
  };
}

/** How the form's fields are named in its errors: the API's wording, in people's words. */
export const ENTRY_FRIENDLY: Record<string, string> = {
  activityDate:
    'Enter the day the training happened: a real date, not in the future nor before the apprenticeship started',
  duration:
    'Enter how long the training took: the hours as a whole number up to 24, such as 2, and the minutes',
  deliveredBy: 'Choose who delivered the training',
  category: 'Choose what kind of training it was',
  description: 'Say what you learned or practised',
};

/** The service's refusals: the generic words, but a full day says what is already logged. */
export const ENTRY_REFUSALS: Friendly = {
  ...ENTRY_FRIENDLY,
  activityDate: (_message, error) => (error.rule ? dateWords(error) : ENTRY_FRIENDLY.activityDate),
  duration: (message, error) =>
    error.rule === 'within_a_day' ? `This entry ${message}` : ENTRY_FRIENDLY.duration,
};

/** A real date the rules refuse (activityDateProblem), in the page's words. */
function dateWords(problem: Omit<FieldError, 'field'>): string {
  return problem.rule === 'not_in_future'
    ? 'The day of the training cannot be in the future: log training once it has happened'
    : `The day of the training cannot be before the apprenticeship started on ${longDay(problem.limit!)}`;
}

/** The add page's fields as it shows them, for the error summary's order. */
const ENTRY_FIELDS = [
  'activityDate',
  'duration',
  'category',
  'deliveredBy',
  'description',
  'startTime',
  'criteria',
  'evidenceId',
];

/**
 * The form's errors with the entry's own rules, which the service checks only once the form is
 * valid (a date in the future or before the start, a duration missing, of nothing or over a day,
 * codes the standard does not have: `unknownCriteria`, as OtjEntryInput finds them), so that every
 * problem is named in the same round.
 */
export function withEntryRules(
  errors: FormErrors,
  form: PostedForm,
  known: { startDate: string; today: string; unknownCriteria: string[] },
): FormErrors {
  const fields = { ...errors.fields };
  const { activityDate, duration } = entryBody(form);
  if (!fields.criteria && known.unknownCriteria.length) {
    fields.criteria = { text: criteriaProblem(known.unknownCriteria, form) };
  }
  // The page asks for hours and minutes, never an end time: without them there is no duration.
  if (duration === undefined) fields.duration ??= { text: ENTRY_FRIENDLY.duration };
  const date = String(activityDate);
  if (!fields.activityDate && isIsoDate(date)) {
    const problem = activityDateProblem(date, known.startDate, known.today);
    if (problem) fields.activityDate = { text: dateWords(problem) };
  }
  const minutes = typeof duration === 'string' ? minutesOf(duration) : null;
  if (!fields.duration && minutes !== null && durationProblem(minutes)) {
    fields.duration = { text: ENTRY_FRIENDLY.duration };
  }
  return formErrorsAt(fields);
}

/** Codes' errors (`criteria.2`) shown at the one criteria field; the summary in the page's order. */
export function atCriteriaField(errors: FormErrors, form: PostedForm = {}): FormErrors {
  const fields = { ...errors.fields };
  const refused: string[] = [];
  for (const key of Object.keys(fields)) {
    if (/^criteria-\d+$/.test(key)) {
      // The API quotes the code it refused: `is "K99", which is not a criterion of …`.
      refused.push(/"([^"]*)"/.exec(fields[key].text)?.[1] ?? '');
      delete fields[key];
    }
  }
  if (refused.length) {
    fields.criteria ??= { text: criteriaProblem(refused.filter(Boolean), form) };
  }
  return inPageOrder(formErrorsAt(fields), ENTRY_FIELDS);
}

/**
 * One message at the criteria box for the codes it cannot take, each quoted as the person typed
 * it ("banana", not the upper-cased "BANANA" the API was sent).
 */
export function criteriaProblem(codes: string[], form: PostedForm = {}): string {
  const typed = (formText(form.criteria) ?? '').split(/[\s,;]+/);
  const asTyped = (code: string) => typed.find((t) => t.toUpperCase() === code) ?? code;
  const quoted = [...new Set(codes)].map((c) => `“${asTyped(c)}”`);
  const last = quoted.pop();
  if (!last) return 'Enter codes of this standard, such as K5 or S3';
  const which = quoted.length
    ? `${quoted.join(', ')} and ${last} are not codes`
    : `${last} is not a code`;
  return `${which} of this standard: enter codes such as K5 or S3`;
}
