import type { CriterionCoverageDto } from '../../modules/coverage/dto/coverage.dto.js';
import type { EvidenceDto } from '../../modules/evidence/dto/evidence.dto.js';
import type { SuggestionDto } from '../../modules/suggestions/dto/suggestion.dto.js';
import { isIsoDate } from '../../common/clock/calendar.js';
import { IsOptional, Matches } from 'class-validator';
import { CRITERION_CODE, EVIDENCE_KINDS } from '../../common/vocabulary.js';
import { checkActivityDate } from '../../modules/evidence/evidence-rules.js';
import { coverageGrid } from '../portfolio/coverage-grid.js';
import { dateOf, formErrorsAt, formList, formText, inPageOrder, validateForm } from '../forms.js';
import type { FormErrors, PostedForm } from '../forms.js';
import { DraftSuggestionsDto } from '../../modules/suggestions/dto/suggestion.dto.js';

/** The API's field names in people's words, for the add and change forms. */
export const EVIDENCE_FRIENDLY = {
  title: 'Enter a title',
  kind: 'Select what kind of evidence this is',
  activityDate:
    'Enter the date of the activity: a real date, not in the future nor before your apprenticeship started',
  links: 'Enter each link on its own line, starting with https://',
  tags: 'Tick at least one criterion this evidence shows before submitting it',
};

export class AddEvidenceQueryDto {
  /** From a criterion's page ("Add evidence for K22"): that criterion comes ticked. */
  @IsOptional()
  @Matches(CRITERION_CODE, { message: 'criterion must be a code such as K5' })
  criterion?: string;
}

/**
 * The posted form as CreateEvidenceFormDto's input: links one per line, each ticked criterion with
 * its own justification, and which button was pressed (save as draft, or submit).
 */
export function evidenceBody(form: PostedForm) {
  return {
    title: formText(form.title) ?? '',
    description: formText(form.description) ?? '',
    kind: formText(form.kind) ?? '',
    activityDate: dateOf(form, 'activityDate'),
    links: (formText(form.links) ?? '')
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean),
    tags: formList(form.tags).map((code) => ({
      code,
      justification: formText(form[`justification-${code}`]) ?? '',
    })),
    submit: formText(form.intent) === 'submit',
  };
}

/** The picker lists this many suggestions first. */
export const SUGGESTIONS_SHOWN = 5;

/**
 * The form's errors with the activity date's own rule (EvidenceService checks it once the form is
 * valid) added when the date is otherwise well formed: a date in the future is then named in the
 * same round as a missing title, not on the next try, when the files have been dropped again.
 */
export function withActivityDateRule(
  errors: FormErrors,
  form: PostedForm,
  startDate: string,
  today: string,
): FormErrors {
  const date = dateOf(form, 'activityDate');
  if (errors.fields.activityDate || !isIsoDate(date)) return errors;
  try {
    checkActivityDate(date, startDate, today);
    return errors;
  } catch {
    const fields = { ...errors.fields, activityDate: { text: EVIDENCE_FRIENDLY.activityDate } };
    return formErrorsAt(fields);
  }
}

/** Ends a suggested justification; one still holding it has not been rewritten. */
export const REWRITE_IT = 'Rewrite this in your own words: say what you did.';

/** The start of a justification from a suggestion's matched phrases, for the apprentice to rewrite. */
export function suggestedJustification(s: SuggestionDto): string {
  const phrases = s.matchedPhrases.slice(0, 5).map((p) => `“${p}”`);
  const standard = s.standardPhrases.slice(0, 2).map((p) => `“${p}”`);
  const parts = [`This evidence shows ${s.code} where it covers ${phrases.join(', ') || 'it'}`];
  if (standard.length) parts.push(`(in the standard’s words: ${standard.join(', ')})`);
  return `${parts.join(' ')}. ${REWRITE_IT}`;
}

/**
 * The form's errors with two rules of the form itself that the DTO cannot state: sending it for
 * review needs a ticked criterion (the service says so only once everything else is right, a
 * round later, with the files dropped again); and at each ticked criterion whose justification is
 * still the suggested one (it holds REWRITE_IT), a request to rewrite it: a tutor reviews what the
 * apprentice says they did, not the service's quotation of their own words.
 */
export function withFormRules(errors: FormErrors | undefined, form: PostedForm) {
  const fields = { ...errors?.fields };
  const ticked = formList(form.tags);
  if (formList(form.intent).includes('submit') && ticked.length === 0) {
    fields.tags ??= { text: EVIDENCE_FRIENDLY.tags };
  }
  for (const code of ticked) {
    if (!formText(form[`justification-${code}`])?.includes(REWRITE_IT)) continue;
    fields[`justification-${code}`] ??= {
      text: `Rewrite the suggested justification for ${code} in your own words: say what you did`,
    };
  }
  if (Object.keys(fields).length === 0) return errors;
  return formErrorsAt(fields);
}

/** The evidence form's fields as the page shows them, for the error summary's order. */
const EVIDENCE_FIELDS = [
  'title',
  'kind',
  'activityDate',
  'description',
  'links',
  'files',
  'tags',
  'justification-',
];

/**
 * What the add and change pages show: kinds, and the criteria picker grouped K/S/B/D, gaps first,
 * with the suggested criteria (best first, each with its reason) listed before the groups and
 * left out of them, so each criterion has one box.
 */
export function evidenceFormModel(
  criteria: CriterionCoverageDto[],
  form: PostedForm = {},
  suggestions: SuggestionDto[] = [],
) {
  const ticked = new Set(formList(form.tags));
  const shown = suggestions.slice(0, SUGGESTIONS_SHOWN);
  const suggested = new Set(shown.map((s) => s.code));
  const status = new Map(criteria.map((c) => [c.code, c.status]));
  return {
    kinds: EVIDENCE_KINDS,
    suggested: shown.map((s) => {
      const justification = formText(form[`justification-${s.code}`]) || suggestedJustification(s);
      return {
        code: s.code,
        text: s.text,
        reason: s.reason,
        status: status.get(s.code),
        checked: ticked.has(s.code),
        justification,
        // Says "we started it" only while it is still the suggested text, not the apprentice's.
        started: justification.includes(REWRITE_IT),
      };
    }),
    groups: coverageGrid(criteria)
      .map((g) => ({
        ...g,
        cells: g.cells
          .filter((c) => !suggested.has(c.code))
          .map((c) => ({
            ...c,
            checked: ticked.has(c.code),
            justification: formText(form[`justification-${c.code}`]) ?? '',
          })),
      }))
      .filter((g) => g.cells.length > 0),
    form,
  };
}

/** Evidence as its form would post it: the change page starts from what is there now. */
export function postedFormOf(evidence: EvidenceDto): PostedForm {
  const [year, month, day] = evidence.activityDate.split('-');
  return {
    title: evidence.title,
    kind: evidence.kind,
    description: evidence.description,
    links: evidence.links.join('\n'),
    'activityDate-day': String(Number(day)),
    'activityDate-month': String(Number(month)),
    'activityDate-year': year,
    tags: evidence.tags.map((t) => t.code),
    ...Object.fromEntries(evidence.tags.map((t) => [`justification-${t.code}`, t.justification])),
  };
}

/**
 * The errors as the page shows them. The API names a claim by its place in the list
 * (`tags-2-justification`); the form names it by its criterion (`justification-K5`), so the error
 * summary's links land on the right box; and the summary follows the page's order.
 */
export function atClaimFields(errors: FormErrors, form: PostedForm): FormErrors {
  const codes = formList(form.tags);
  const fields: FormErrors['fields'] = {};
  for (const [id, message] of Object.entries(errors.fields)) {
    const at = /^tags-(\d+)-(justification|code)$/.exec(id);
    const code = at ? codes[Number(at[1])] : undefined;
    fields[code ? `justification-${code}` : id] ??= message;
  }
  return inPageOrder(formErrorsAt(fields), EVIDENCE_FIELDS);
}

/** EVIDENCE_FRIENDLY, and each ticked criterion's justification named by its code. */
export function evidenceFriendly(form: PostedForm): Record<string, string> {
  return {
    ...EVIDENCE_FRIENDLY,
    ...Object.fromEntries(
      formList(form.tags).map((code, i) => [
        `tags.${i}.justification`,
        `Say how this evidence shows ${code}`,
      ]),
    ),
  };
}

/**
 * The "suggest" button of the add and change pages: the form's words as a draft for
 * POST /api/apprenticeships/:id/suggestions (validated by its DTO), and what came back.
 */
export async function suggestionsForForm(
  form: PostedForm,
  suggest: (draft: DraftSuggestionsDto) => Promise<{ suggestions: SuggestionDto[] }>,
  fileIds: string[] = [],
): Promise<{ suggestions: SuggestionDto[]; errors?: FormErrors }> {
  const body = evidenceBody(form);
  const { value, errors } = await validateForm(
    DraftSuggestionsDto,
    { title: body.title, description: body.description, links: body.links, fileIds },
    { title: 'Enter a title, then ask for suggestions' },
  );
  if (errors) return { suggestions: [], errors };
  return { suggestions: (await suggest(value)).suggestions };
}

/**
 * The criterion the page was opened for ("Add evidence for K22"), named while it is a criterion of
 * this standard that is still ticked: the notice stays on a page that comes back with errors or
 * suggestions, and goes once the apprentice unticks it.
 */
export function forCriterionOf(
  model: ReturnType<typeof evidenceFormModel>,
  code: unknown,
): string | undefined {
  const cells = [...model.suggested, ...model.groups.flatMap((g) => g.cells)];
  return cells.some((c) => c.code === code && c.checked) ? (code as string) : undefined;
}
