import type { Role } from '../../common/vocabulary.js';

/** Everything a caller can ask to do. Each names the resource its `:id` is (see access-rules.ts). */
export enum Permission {
  ApprenticeshipList = 'apprenticeship.list',
  ApprenticeshipRead = 'apprenticeship.read',
  ApprenticeshipCreate = 'apprenticeship.create',
  ApprenticeshipUpdate = 'apprenticeship.update',
  /** Live data under an apprenticeship (never assessors, who see frozen snapshots only). */
  EvidenceList = 'evidence.list',
  /** The review queue across everything one follows (no object: the scope filters it). */
  EvidenceQueue = 'evidence.queue',
  EvidenceCreate = 'evidence.create',
  EvidenceRead = 'evidence.read',
  EvidenceWrite = 'evidence.write',
  EvidenceReview = 'evidence.review',
  /** The reviewer's queue page: what waits for one's review (no object: the scope filters it). */
  EvidenceReviewQueue = 'evidence.review_queue',
  EvidenceComment = 'evidence.comment',
  /** Suggested criteria for saved evidence, with reasons (the apprentice and their tutor). */
  EvidenceSuggestions = 'evidence.suggestions',
  /** Suggested criteria for evidence not saved yet (whoever adds evidence: the apprentice). */
  DraftSuggestions = 'evidence.draft_suggestions',
  CoverageRead = 'coverage.read',
  AuditRead = 'audit.read',
  /** The trail with internal ids and other people's e-mail addresses (staff, not learners). */
  AuditReadInternals = 'audit.read_internals',
  DraftPortfolioRead = 'portfolio.draft',
  GatewayRead = 'gateway.read',
  DeclarationSign = 'gateway.sign',
  GatewayFreeze = 'gateway.freeze',
  SnapshotList = 'snapshot.list',
  SnapshotRead = 'snapshot.read',
  CohortList = 'cohort.list',
  CohortRead = 'cohort.read',
  CohortCreate = 'cohort.create',
  CohortManage = 'cohort.manage',
  CohortCoverageRead = 'cohort.coverage',
  ProviderOverviewRead = 'coverage.overview',
  OrganisationList = 'organisation.list',
  OrganisationRead = 'organisation.read',
  /** Employers of one's own provider; any kind needs OrganisationCreateAnyKind as well. */
  OrganisationCreate = 'organisation.create',
  OrganisationCreateAnyKind = 'organisation.create_any_kind',
  OrganisationUpdate = 'organisation.update',
  OrganisationSetUkprn = 'organisation.set_ukprn',
  OrganisationDelete = 'organisation.delete',
  UserList = 'user.list',
  UserRead = 'user.read',
  /** Apprentices and employer contacts; any other role needs UserCreateAnyRole as well. */
  UserCreate = 'user.create',
  UserCreateAnyRole = 'user.create_any_role',
  UserUpdate = 'user.update',
  UserSetPassword = 'user.set_password',
  UserDelete = 'user.delete',
  StandardImport = 'standard.import',
  /** Off-the-job training: an apprenticeship's log, plan and progress. */
  OtjRead = 'otj.read',
  /** Adding entries: the apprentice, or provider staff on their behalf. */
  OtjLog = 'otj.log',
  OtjPlanSet = 'otj.plan',
  /** Entries waiting for a decision across everything one follows (no object). */
  OtjQueue = 'otj.queue',
  OtjEntryRead = 'otj.entry_read',
  /** Changing or withdrawing one's own pending entry (the service checks authorship). */
  OtjEntryWrite = 'otj.entry_write',
  /** Approving or rejecting: provider users, and the employer for what the employer delivered. */
  OtjEntryDecide = 'otj.entry_decide',
  /** Sending an approved entry back to pending, with a reason, so it can be corrected. */
  OtjEntryReopen = 'otj.entry_reopen',
  /** Planned, actual and prior-learning hours of every apprenticeship (HRS1, HRS3, HRS4). */
  OtjLearnerRecord = 'otj.learner_record',
  /** Progress reviews (the three-way reviews every 3 months, not evidence review). */
  ProgressReviewList = 'progress_review.list',
  ProgressReviewRead = 'progress_review.read',
  ProgressReviewCreate = 'progress_review.create',
  ProgressReviewUpdate = 'progress_review.update',
  /** Each party signs their own signature only: the party is the signer's role. */
  ProgressReviewSign = 'progress_review.sign',
}

const P = Permission;
const EVERYONE = [
  P.ApprenticeshipList,
  P.ApprenticeshipRead,
  P.SnapshotList,
  P.SnapshotRead,
  P.OrganisationList,
  P.OrganisationRead,
  P.UserList,
  P.UserRead,
  P.UserUpdate,
  P.UserSetPassword,
] as const;
/** Those who follow an apprenticeship as it happens: everyone but the assessor. */
const FOLLOWERS = [
  P.EvidenceList,
  P.EvidenceQueue,
  P.EvidenceRead,
  P.CoverageRead,
  P.AuditRead,
  P.DraftPortfolioRead,
  P.GatewayRead,
  P.OtjRead,
  P.OtjEntryRead,
  P.ProgressReviewList,
  P.ProgressReviewRead,
] as const;
const RUNS_A_PROVIDER = [
  P.AuditReadInternals,
  P.ApprenticeshipCreate,
  P.ApprenticeshipUpdate,
  P.CohortList,
  P.CohortRead,
  P.CohortCreate,
  P.CohortManage,
  P.CohortCoverageRead,
  P.ProviderOverviewRead,
  P.OrganisationCreate,
  P.OrganisationUpdate,
  P.UserCreate,
  P.UserDelete,
  P.OtjLearnerRecord,
] as const;

/** Which role holds which permission: the whole table. Scope (whose data) is access-rules.ts. */
export const ROLE_PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  admin: new Set([
    ...EVERYONE,
    ...FOLLOWERS,
    ...RUNS_A_PROVIDER,
    P.OrganisationCreateAnyKind,
    P.OrganisationSetUkprn,
    P.OrganisationDelete,
    P.UserCreateAnyRole,
    P.StandardImport,
  ]),
  provider: new Set([
    ...EVERYONE,
    ...FOLLOWERS,
    ...RUNS_A_PROVIDER,
    P.EvidenceReview,
    P.EvidenceReviewQueue,
    P.EvidenceComment,
    P.EvidenceSuggestions,
    P.DeclarationSign,
    P.GatewayFreeze,
    P.OtjLog,
    P.OtjPlanSet,
    P.OtjQueue,
    P.OtjEntryWrite,
    P.OtjEntryDecide,
    P.OtjEntryReopen,
    P.ProgressReviewCreate,
    P.ProgressReviewUpdate,
    P.ProgressReviewSign,
  ]),
  employer: new Set([
    ...EVERYONE,
    ...FOLLOWERS,
    P.EvidenceComment,
    P.DeclarationSign,
    P.OtjQueue,
    P.OtjEntryDecide,
    P.ProgressReviewSign,
  ]),
  apprentice: new Set([
    ...EVERYONE,
    ...FOLLOWERS,
    P.EvidenceCreate,
    P.EvidenceWrite,
    P.EvidenceComment,
    P.EvidenceSuggestions,
    P.DraftSuggestions,
    P.DeclarationSign,
    P.OtjLog,
    P.OtjEntryWrite,
    P.ProgressReviewSign,
  ]),
  assessor: new Set(EVERYONE),
};

export const roleHolds = (role: Role, permission: Permission): boolean =>
  ROLE_PERMISSIONS[role].has(permission);
