import type { ClassConstructor } from 'class-transformer';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { AppError, FieldError } from '../common/errors/app-error.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { flattenValidationErrors } from '../common/errors/validation.js';

/** What govukErrorSummary and each field's errorMessage take. */
export interface FormErrors {
  summary: { text: string; href: string }[];
  fields: Record<string, { text: string }>;
}

/**
 * A form as it is posted: each field text, or a list where its name came more than once (ticked
 * boxes, or any field a crafted request repeats), or anything at all in a JSON body, which the
 * pages accept too. Read it through formText and formList, never as a string.
 */
export type PostedForm = Record<string, unknown>;

/** A field's text: the first value when its name came more than once; undefined when not text. */
export function formText(value: unknown): string | undefined {
  const first: unknown = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : undefined;
}

/** A field's text values (ticked boxes): none, one or many; whatever is not text is left out. */
export function formList(value: unknown): string[] {
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
}

/** A GOV.UK date input (day, month, year) as the API's YYYY-MM-DD; '' when it is not complete. */
export function dateOf(form: PostedForm, name: string): string {
  const [d, m, y] = ['day', 'month', 'year'].map((p) =>
    (formText(form[`${name}-${p}`]) ?? '').trim(),
  );
  if (!d || !m || !y) return '';
  return `${y.padStart(4, '0')}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
}

/** A day (YYYY-MM-DD) as a GOV.UK date input's three fields, to fill the form with. */
export function dateFields(name: string, iso: string): PostedForm {
  const [year, month, day] = iso.split('-').map(Number);
  return {
    [`${name}-day`]: String(day),
    [`${name}-month`]: String(month),
    [`${name}-year`]: String(year),
  };
}

/** A field's words for people, by field path (see toFormErrors): fixed, or made from the error. */
export type Friendly = Record<string, string | ((message: string, error: FieldError) => string)>;

/** Field paths (`tags.2.justification`) as element ids (`tags-2-justification`). */
export const fieldId = (field: string) => field.replaceAll('.', '-');

/**
 * FieldErrors, from the DTOs or from a service's 422, as the GOV.UK error summary plus a message at
 * each field. `friendly` rewords a field's message for people (the API's wording names fields):
 * the words to show, or a function of the service's message when that message says what only
 * the service knows (whose ULN it is).
 */
export function toFormErrors(errors: FieldError[], friendly: Friendly = {}): FormErrors {
  const fields: FormErrors['fields'] = {};
  for (const error of errors) {
    const id = fieldId(error.field);
    const reworded = friendly[error.field];
    const text = typeof reworded === 'function' ? reworded(error.message, error) : reworded;
    fields[id] ??= { text: text ?? sentence(error.message) };
  }
  return formErrorsAt(fields);
}

/** The error summary for messages at fields, each linking to its field, in the same order. */
export function formErrorsAt(fields: FormErrors['fields']): FormErrors {
  return {
    summary: Object.entries(fields).map(([id, { text }]) => ({ text, href: `#${id}` })),
    fields,
  };
}

/**
 * The summary in the order the page shows its fields, as GOV.UK asks, for forms whose errors come
 * from more than one check. `order`: field ids, or id prefixes ending in "-" (a criterion's
 * justification box, `justification-`); fields it does not name keep their order, after the rest.
 */
export function inPageOrder(errors: FormErrors, order: readonly string[]): FormErrors {
  const rank = (href: string) => {
    const id = href.slice(1);
    const at = order.findIndex((o) => (o.endsWith('-') ? id.startsWith(o) : id === o));
    return at < 0 ? order.length : at;
  };
  const summary = errors.summary
    .map((entry, i) => ({ entry, i, rank: rank(entry.href) }))
    .sort((a, b) => a.rank - b.rank || a.i - b.i)
    .map(({ entry }) => entry);
  return { ...errors, summary };
}

const sentence = (message: string) => message.charAt(0).toUpperCase() + message.slice(1);

/**
 * Validates a form body with the same DTO and the same options as the API's ValidationPipe, so a
 * rule is written once. Returns the DTO instance, or the errors to show.
 */
export async function validateForm<T extends object>(
  dto: ClassConstructor<T>,
  body: unknown,
  friendly: Record<string, string> = {},
): Promise<{ value: T; errors?: FormErrors }> {
  const value = plainToInstance(dto, body ?? {});
  const problems = await validate(value, {
    whitelist: true,
    forbidNonWhitelisted: true,
    stopAtFirstError: true,
  });
  if (problems.length === 0) return { value };
  return { value, errors: toFormErrors(flattenValidationErrors(problems), friendly) };
}

/** A service's validation error (422 with field details) as form errors; anything else rethrown. */
export function formErrorsOf(error: unknown, friendly: Friendly = {}): FormErrors {
  const app = error as AppError;
  if (app?.code !== ErrorCode.ValidationFailed && app?.code !== ErrorCode.Conflict) throw error;
  const details = Array.isArray(app.details)
    ? app.details
    : [{ field: 'form', message: app.message }];
  return toFormErrors(details, friendly);
}

/**
 * A form shown again with its errors. Thrown rather than rendered by the controller so that what
 * an upload already stored is deleted by the same clean-up as the API's (UploadCleanupInterceptor
 * acts on errors); the web exception filter renders `view` with `model` and `errors`.
 */
export class FormRejection extends Error {
  constructor(
    readonly view: string,
    readonly model: Record<string, unknown>,
    /** None when the form is shown again on purpose (suggested criteria), not for errors. */
    readonly errors: FormErrors | undefined,
    readonly status = 422,
  ) {
    super('The form has errors');
  }
}
