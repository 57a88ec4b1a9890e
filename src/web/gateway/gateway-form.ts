import type { AppError, FieldError } from '../../common/errors/app-error.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import type { FormErrors, PostedForm } from '../forms.js';
import { formList, formText, toFormErrors } from '../forms.js';

/**
 * The posted form as FreezeGatewayDto's input. The evidence is the ticked boxes when the page
 * offered a choice (`selection`), else left out: all accepted evidence, as the API's default. A
 * blank reason is no reason.
 */
export function freezeBody(form: PostedForm) {
  const reason = (formText(form.overrideReason) ?? '').trim();
  return {
    ...(formText(form.selection) ? { evidenceIds: formList(form.evidenceIds) } : {}),
    ...(reason ? { overrideReason: reason } : {}),
  };
}

export const FREEZE_FRIENDLY = {
  overrideReason:
    'Explain why the portfolio goes to gateway with criteria missing, in at least 10 characters',
  evidenceIds: 'Choose only accepted evidence of this apprenticeship',
};

/**
 * The freeze service's refusals as the form's errors: unsigned declarations at the declarations,
 * chosen evidence that is not accepted at the evidence, and missing criteria at the reason, which
 * is what lets the freeze go ahead. A conflict (already frozen) goes to the top.
 */
export function freezeErrorsOf(error: unknown): FormErrors {
  const app = error as AppError;
  if (app?.code === ErrorCode.Conflict) {
    return toFormErrors([{ field: 'form', message: app.message }]);
  }
  if (app?.code !== ErrorCode.ValidationFailed || !Array.isArray(app.details)) throw error;
  const details = app.details as (FieldError & {
    missing?: string[];
    approvedHours?: number;
    targetHours?: number;
  })[];
  const errors: FieldError[] = [];
  const unsigned = details
    .filter((d) => d.field === 'declarations')
    .map((d) => d.message.replace(/^the (\w+) has not signed$/, '$1'));
  if (unsigned.length > 0) {
    errors.push({
      field: 'declarations',
      message: `Every declaration must be signed before the portfolio is frozen. Not signed yet: ${unsigned.join(', ')}`,
    });
  }
  if (details.some((d) => d.field.startsWith('evidenceIds'))) {
    errors.push({ field: 'evidenceIds', message: FREEZE_FRIENDLY.evidenceIds });
  }
  const criteria = details.find((d) => d.field === 'criteria');
  const otj = details.find((d) => d.field === 'otj');
  const gaps: string[] = [];
  if (criteria) {
    const missing = criteria.missing ?? [];
    // The page lists them above; a long list here would bury the request.
    const which = missing.length <= 5 ? missing.join(', ') : `${missing.length} of them`;
    gaps.push(`required criteria not evidenced by the chosen evidence (${which})`);
  }
  if (otj) {
    gaps.push(
      `off-the-job hours short (${otj.approvedHours} of ${otj.targetHours} hours approved)`,
    );
  }
  if (gaps.length > 0) {
    errors.push({
      field: 'overrideReason',
      message: `Give the reason for freezing with ${gaps.join(' and ')}`,
    });
  }
  if (details.some((d) => d.field === 'overrideReason')) {
    errors.push({ field: 'overrideReason', message: FREEZE_FRIENDLY.overrideReason });
  }
  return toFormErrors(errors.length > 0 ? errors : [{ field: 'form', message: app.message }]);
}
