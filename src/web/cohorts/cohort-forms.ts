import { dateOf, formText } from '../forms.js';
import type { Friendly, PostedForm } from '../forms.js';

const one = (value: unknown) => (formText(value) ?? '').trim();
/** Left empty: not sent (the DTOs' optional fields refuse '' and null). */
const optional = (value: unknown) => one(value) || undefined;

/**
 * A GOV.UK date input as YYYY-MM-DD; undefined when all three boxes are empty, and an invalid
 * value when only some are filled, so the DTO's date rule reports it rather than dropping it.
 */
export function postedDate(form: PostedForm, name: string): string | undefined {
  const parts = ['day', 'month', 'year'].map((p) => one(form[`${name}-${p}`]));
  if (parts.every((p) => !p)) return undefined;
  return dateOf(form, name) || 'incomplete';
}

/** The create-cohort form as CreateCohortDto's input. */
export const cohortBody = (form: PostedForm) => ({
  name: one(form.name),
  standardCode: one(form.standardCode),
  standardVersion: optional(form.standardVersion),
  startDate: postedDate(form, 'startDate'),
  providerId: optional(form.providerId),
});

/** The create-apprenticeship form as CreateApprenticeshipDto's input. */
export const apprenticeshipBody = (form: PostedForm) => ({
  apprenticeId: one(form.apprenticeId),
  employerId: one(form.employerId),
  cohortId: optional(form.cohortId),
  standardCode: optional(form.standardCode),
  tutorId: one(form.tutorId),
  assessorId: optional(form.assessorId),
  uln: one(form.uln).replace(/\s+/g, ''),
  startDate: postedDate(form, 'startDate') ?? '',
  plannedGatewayDate: postedDate(form, 'plannedGatewayDate') ?? '',
  providerId: optional(form.providerId),
});

/** What people read instead of the API's field-named messages. */
export const COHORT_FRIENDLY = {
  name: 'Enter a name for the cohort, up to 200 characters',
  standardCode: 'Choose the standard the cohort follows',
  standardVersion: 'Enter a version such as 1.0, or leave it empty for the latest',
  startDate: 'Enter a real start date, for example 5 1 2026',
  providerId: 'Choose the provider the cohort belongs to',
};

export const APPRENTICESHIP_FRIENDLY = {
  apprenticeId: 'Choose the apprentice',
  employerId: 'Choose the employer the apprentice works for',
  cohortId: 'Choose one of your cohorts, or no cohort',
  standardCode: 'Choose a standard, or a cohort whose standard the apprenticeship follows',
  tutorId: 'Choose the tutor',
  assessorId: 'Choose an assessor, or none yet',
  uln: 'Enter the 10-digit Unique Learner Number',
  startDate: 'Enter a real start date, for example 5 1 2026',
  plannedGatewayDate: 'Enter a planned gateway date after the start date',
  providerId: 'Choose the provider',
};

/** The service's own refusals that the generic wording above would misdescribe. */
export const APPRENTICESHIP_REFUSALS: Friendly = {
  ...APPRENTICESHIP_FRIENDLY,
  standardCode: 'Choose the cohort’s own standard, or leave the standard to the cohort',
  employerId: 'Choose the employer the apprentice works for: this apprentice works elsewhere',
  // Whose ULN it is, which other apprenticeship: what only the service's own words say.
  uln: (message) => `That ULN ${message}`,
  apprenticeId: (message, error) =>
    error.rule === 'one_open_per_standard'
      ? `This apprentice ${message}`
      : APPRENTICESHIP_FRIENDLY.apprenticeId,
};

export const COHORT_REFUSALS = {
  ...COHORT_FRIENDLY,
  name: 'Choose another name: you already have a cohort with this one',
  standardCode:
    'That standard and version are not in the catalogue: leave the version empty for the latest',
};
