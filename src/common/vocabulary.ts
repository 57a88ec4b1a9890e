/**
 * The product's words, in one place: entities, DTOs, SQL and the PDF template all take their
 * lists from here, so a new evidence kind or status is one edit that the compiler then follows
 * into every table, validator and label (a template without a label for it fails to load).
 */

export const ROLES = ['admin', 'provider', 'employer', 'apprentice', 'assessor'] as const;
export type Role = (typeof ROLES)[number];

export const ORGANISATION_KINDS = ['provider', 'employer', 'assessment_organisation'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export const APPRENTICESHIP_STATUSES = [
  'in_training',
  'gateway',
  'epa',
  'completed',
  'withdrawn',
] as const;
export type ApprenticeshipStatus = (typeof APPRENTICESHIP_STATUSES)[number];

export const STANDARD_STATUSES = ['in_development', 'approved_for_delivery', 'retired'] as const;
export type StandardStatus = (typeof STANDARD_STATUSES)[number];

export const CRITERION_KINDS = ['knowledge', 'skill', 'behaviour', 'duty'] as const;
export type CriterionKind = (typeof CRITERION_KINDS)[number];

/** A criterion code as the standards write it: K1 … K31, S1 … S34, B1 … B5, D1 … D9. */
export const CRITERION_CODE = /^[KSBD][1-9][0-9]{0,2}$/;

export const EVIDENCE_KINDS = [
  'work_product',
  'project',
  'report',
  'code',
  'witness_testimony',
  'observation',
  'presentation',
  'other',
] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

export const EVIDENCE_STATUSES = ['draft', 'submitted', 'accepted', 'changes_requested'] as const;
export type EvidenceStatus = (typeof EVIDENCE_STATUSES)[number];

export const TAG_STATUSES = ['claimed', 'accepted', 'rejected'] as const;
export type TagStatus = (typeof TAG_STATUSES)[number];

export const COVERAGE_STATUSES = ['evidenced', 'claimed', 'missing'] as const;
export type CoverageStatus = (typeof COVERAGE_STATUSES)[number];

/** Who signs a gateway declaration: each of these roles signs its own. */
export const DECLARATION_ROLES = ['apprentice', 'employer', 'provider'] as const;
export type DeclarationRole = (typeof DECLARATION_ROLES)[number];

/** Who delivered an off-the-job activity; the employer may approve only what it delivered. */
export const OTJ_DELIVERERS = ['provider', 'employer', 'subcontractor'] as const;
export type OtjDeliverer = (typeof OTJ_DELIVERERS)[number];

/** An off-the-job entry waits for a decision by someone other than its author. */
export const OTJ_ENTRY_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type OtjEntryStatus = (typeof OTJ_ENTRY_STATUSES)[number];
/** Who signs a progress review, in the order they sign: provider, then employer, then apprentice. */
export const REVIEW_PARTIES = ['provider', 'employer', 'apprentice'] as const;
export type ReviewParty = (typeof REVIEW_PARTIES)[number];

/** Where an action agreed at one progress review stands at the next. */
export const REVIEW_ACTION_STATUSES = ['done', 'in_progress', 'not_done'] as const;
export type ReviewActionStatus = (typeof REVIEW_ACTION_STATUSES)[number];
