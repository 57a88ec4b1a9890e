import type { ReviewEvidenceDto } from '../../modules/evidence/dto/evidence-input.dto.js';
import type { TagDto } from '../../modules/evidence/dto/evidence.dto.js';
import { checkDecisions } from '../../modules/evidence/review-rules.js';
import { formErrorsOf, formText } from '../forms.js';
import type { FormErrors, PostedForm } from '../forms.js';

/**
 * The review form as ReviewEvidenceDto's input: one radio group (`decision-K5`) and one reason
 * (`reason-K5`) per tag, the outcome and a comment. A tag left without a decision is not sent, as
 * the API allows when changes are requested. `codes[i]` is the tag that `decisions[i]` decides, so
 * the API's field paths can be shown at the right field.
 */
export function reviewBody(form: PostedForm, tags: Pick<TagDto, 'code'>[]) {
  const codes: string[] = [];
  const decisions = [];
  for (const { code } of tags) {
    const decision = formText(form[`decision-${code}`]);
    if (!decision) continue;
    const reason = formText(form[`reason-${code}`])?.trim();
    codes.push(code);
    decisions.push({ code, decision, ...(reason ? { reason } : {}) });
  }
  const comment = formText(form.comment)?.trim();
  return {
    codes,
    body: {
      decisions,
      outcome: formText(form.outcome) ?? '',
      ...(comment ? { comment } : {}),
    },
  };
}

/** Friendly words for the API's field paths, per decided tag. */
export function reviewFriendly(codes: string[]): Record<string, string> {
  const friendly: Record<string, string> = {
    outcome: 'Choose whether to accept the evidence or request changes',
    decisions:
      'Accept or reject every criterion before accepting the evidence, or choose to request changes',
    comment: 'Enter a comment of at most 10,000 characters, or leave it empty',
  };
  codes.forEach((code, i) => {
    friendly[`decisions.${i}.reason`] = `Enter why ${code} is rejected`;
    friendly[`decisions.${i}.decision`] = `Choose whether to accept or reject ${code}`;
  });
  return friendly;
}

/**
 * The API names a decision by its place in the list (`decisions-2-reason`); the page names it by
 * its criterion (`reason-K5`), so the summary's links land on the field that needs fixing.
 */
export function atReviewFields(errors: FormErrors, codes: string[]): FormErrors {
  const rename = (id: string) =>
    id.replace(/^decisions-(\d+)-(reason|decision|code)$/, (whole, i: string, field: string) => {
      const code = codes[Number(i)];
      if (!code) return whole;
      return field === 'reason' ? `reason-${code}` : `decision-${code}`;
    });
  const fields: FormErrors['fields'] = {};
  for (const [id, message] of Object.entries(errors.fields)) fields[rename(id)] ??= message;
  return {
    summary: Object.entries(fields).map(([id, { text }]) => ({ text, href: `#${id}` })),
    fields,
  };
}

/** What the review page shows again after an error: each tag's choice and reason as posted. */
export function postedDecisions(form: PostedForm, tags: Pick<TagDto, 'code'>[]) {
  return Object.fromEntries(
    tags.map(({ code }) => [
      code,
      {
        decision: formText(form[`decision-${code}`]) ?? '',
        reason: formText(form[`reason-${code}`]) ?? '',
      },
    ]),
  );
}

/**
 * When the form's shape is wrong (no outcome chosen), the review service is never called; the
 * service's own rule (reasons for rejections) still runs so that every problem shows at once.
 */
export function withDecisionErrors(
  errors: FormErrors,
  value: ReviewEvidenceDto,
  tags: Pick<TagDto, 'code' | 'status' | 'reason'>[],
  friendly: Record<string, string>,
): FormErrors {
  try {
    checkDecisions(value, tags);
    return errors;
  } catch (error) {
    const more = formErrorsOf(error, friendly);
    const fields = { ...more.fields, ...errors.fields };
    return {
      summary: Object.entries(fields).map(([id, { text }]) => ({ text, href: `#${id}` })),
      fields,
    };
  }
}

/** How long it has waited, in the unit a person would use. */
export function waitingFor(hours: number | null): string {
  if (hours === null) return '';
  if (hours < 1) return 'Waiting less than an hour';
  if (hours < 48) return `Waiting ${Math.floor(hours)} hour${Math.floor(hours) === 1 ? '' : 's'}`;
  return `Waiting ${Math.floor(hours / 24)} days`;
}
