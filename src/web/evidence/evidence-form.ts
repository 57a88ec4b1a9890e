import type { CriterionCoverageDto } from '../../modules/coverage/dto/coverage.dto.js';
import { EVIDENCE_KINDS } from '../../common/vocabulary.js';
import { coverageGrid } from '../portfolio/coverage-grid.js';

/** The add-evidence form's fields as posted (multipart: every value a string or a list). */
export type PostedForm = Record<string, string | string[] | undefined>;

const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
const all = (value: string | string[] | undefined) =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** A GOV.UK date input (day, month, year) as the API's YYYY-MM-DD; '' when it is not complete. */
export function dateOf(form: PostedForm, name: string): string {
  const [d, m, y] = ['day', 'month', 'year'].map((p) => (one(form[`${name}-${p}`]) ?? '').trim());
  if (!d || !m || !y) return '';
  return `${y.padStart(4, '0')}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
}

/**
 * The posted form as CreateEvidenceFormDto's input: links one per line, each ticked criterion with
 * its own justification, and which button was pressed (save as draft, or submit).
 */
export function evidenceBody(form: PostedForm) {
  return {
    title: one(form.title) ?? '',
    description: one(form.description) ?? '',
    kind: one(form.kind) ?? '',
    activityDate: dateOf(form, 'activityDate'),
    links: (one(form.links) ?? '')
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean),
    tags: all(form.tags).map((code) => ({
      code,
      justification: one(form[`justification-${code}`]) ?? '',
    })),
    submit: one(form.intent) === 'submit',
  };
}

/** What the add-evidence page shows: kinds, and the criteria picker grouped K/S/B/D, gaps first. */
export function evidenceFormModel(criteria: CriterionCoverageDto[], form: PostedForm = {}) {
  const ticked = new Set(all(form.tags));
  return {
    kinds: EVIDENCE_KINDS,
    groups: coverageGrid(criteria).map((g) => ({
      ...g,
      cells: g.cells.map((c) => ({
        ...c,
        checked: ticked.has(c.code),
        justification: one(form[`justification-${c.code}`]) ?? '',
      })),
    })),
    form,
  };
}
