import type { ReviewEvidenceDto } from '../../modules/evidence/dto/evidence-input.dto.js';
import type { TagDto } from '../../modules/evidence/dto/evidence.dto.js';
import { checkDecisions } from '../../modules/evidence/review-rules.js';
import { formErrorsAt, formErrorsOf, formText } from '../forms.js';
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

/** Friendly words for the form's shape (the DTO's field paths), per decided tag. */
export function reviewFriendly(codes: string[]): Record<string, string> {
  const friendly: Record<string, string> = {
    outcome: 'Choose whether to accept the evidence or request changes',
    comment: 'Enter a comment of at most 10,000 characters, or leave it empty',
  };
  codes.forEach((code, i) => {
    friendly[`decisions.${i}.reason`] = `Enter a reason for ${code} of at most 5,000 characters`;
    friendly[`decisions.${i}.decision`] = `Choose whether to accept or reject ${code}`;
  });
  return friendly;
}

/**
 * Friendly words for the review rule (checkDecisions, run by the page and by the service). Its
 * `outcome` is not the choice missing but the choice refused: evidence is accepted only for what
 * it shows, so at least one criterion must be accepted with it.
 */
export function ruleFriendly(codes: string[]): Record<string, string> {
  const friendly: Record<string, string> = {
    outcome:
      'Evidence can be accepted only when at least one of its criteria is accepted: accept a criterion, or choose to request changes',
    decisions:
      'Accept or reject every criterion before accepting the evidence, or choose to request changes',
    comment:
      'Say in a comment what needs to change, or reject the criteria the evidence does not show, before requesting changes',
  };
  codes.forEach((code, i) => {
    friendly[`decisions.${i}.reason`] = `Enter why ${code} is rejected`;
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
 * Every problem with the form in one round: its shape (`errors`, from the DTO) and the review
 * rule's. The rule stops at its first kind of problem (a rejection without a reason), so it is
 * asked again as though every rejection had its reason, to name a refused outcome at once too.
 */
export function withDecisionErrors(
  errors: FormErrors | undefined,
  value: ReviewEvidenceDto,
  tags: Pick<TagDto, 'code' | 'status' | 'reason'>[],
  codes: string[],
): FormErrors | undefined {
  const decisions = Array.isArray(value.decisions) ? value.decisions : [];
  const reasoned = {
    ...value,
    decisions: decisions.map((d) =>
      d.decision === 'rejected' && !d.reason ? { ...d, reason: '…' } : d,
    ),
  };
  const fields = {
    ...ruleErrors({ ...value, decisions }, tags, codes),
    ...ruleErrors(reasoned, tags, codes),
    ...errors?.fields,
  };
  return Object.keys(fields).length > 0 ? formErrorsAt(fields) : undefined;
}

function ruleErrors(
  value: ReviewEvidenceDto,
  tags: Pick<TagDto, 'code' | 'status' | 'reason'>[],
  codes: string[],
): FormErrors['fields'] {
  try {
    checkDecisions(value, tags);
    return {};
  } catch (error) {
    return formErrorsOf(error, ruleFriendly(codes)).fields;
  }
}

/** The summary in the page's order: the criteria as listed, then the outcome, then the comment. */
export function reviewSummaryOrder(tags: Pick<TagDto, 'code'>[]): string[] {
  return [
    'decisions',
    ...tags.flatMap(({ code }) => [`decision-${code}`, `reason-${code}`]),
    'outcome',
    'comment',
  ];
}

/** How long it has waited, in the unit a person would use. */
export function waitingFor(hours: number | null): string {
  if (hours === null) return '';
  if (hours < 1) return 'Waiting less than an hour';
  if (hours < 48) return `Waiting ${Math.floor(hours)} hour${Math.floor(hours) === 1 ? '' : 's'}`;
  return `Waiting ${Math.floor(hours / 24)} days`;
}
