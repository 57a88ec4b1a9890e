import type { AppError } from '../../common/errors/app-error.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import type { FormErrors, PostedForm } from '../forms.js';
import { formErrorsOf, formText, toFormErrors } from '../forms.js';

/** A posted field's one value, trimmed; '' when absent. */
export const field = (form: PostedForm, name: string) => (formText(form[name]) ?? '').trim();

/**
 * A service's refusal as form errors, its message said about the field in words ("The password
 * must be at least 12 characters"): the services name fields the API's way.
 */
export function serviceFormErrors(
  error: unknown,
  subjects: Record<string, string>,
  friendly: Record<string, string> = {},
): FormErrors {
  const app = error as AppError;
  if (app?.code === ErrorCode.ValidationFailed && Array.isArray(app.details)) {
    const details = app.details.map((d) =>
      subjects[d.field] ? { ...d, message: `${subjects[d.field]} ${d.message}` } : d,
    );
    return toFormErrors(details, friendly);
  }
  return formErrorsOf(error, friendly);
}

/** "Previous" and "Next" links of a list page, keeping its filters. */
export function pagination(
  path: string,
  page: { total: number; limit: number; offset: number },
  filters: Record<string, string | undefined>,
) {
  const href = (offset: number) => {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(filters)) if (value) query.set(key, value);
    if (offset > 0) query.set('offset', String(offset));
    const text = query.toString();
    return text ? `${path}?${text}` : path;
  };
  return {
    previous: page.offset > 0 ? { href: href(Math.max(0, page.offset - page.limit)) } : undefined,
    next:
      page.offset + page.limit < page.total ? { href: href(page.offset + page.limit) } : undefined,
  };
}
