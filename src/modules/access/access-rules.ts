import type { AuthUser } from '../../common/auth/auth-user.js';
import {
  apprenticeshipScope,
  cohortScope,
  managedOrganisationScope,
  managedUserScope,
  organisationScope,
  Sql,
  userScope,
} from './access-scopes.js';
import { Permission } from './permission.js';

/**
 * What a permission's `:id` names and how to find it inside the caller's scope: `from` joins the
 * resource to the table its scope is written on, `scope` is that scope, and `allowed` (optional)
 * narrows it to the objects the permission lets the caller act on. Outside `scope` the caller gets
 * 404, as if it did not exist; inside it without the permission (or outside `allowed`), 403.
 */
export interface AccessRule {
  /** The resource's name in a 404 message: "Evidence not found". */
  noun: string;
  /** FROM … with the resource aliased `r`. */
  from: string;
  scope: (user: AuthUser) => Sql;
  allowed?: (user: AuthUser) => Sql;
  /** Said in the 403 when the role lacks the permission. */
  forbidden?: string;
}

const apprenticeship = (live: boolean, forbidden?: string): AccessRule => ({
  noun: 'Apprenticeship',
  from: 'apprenticeships r',
  scope: (u) => apprenticeshipScope(u, 'r', live),
  forbidden,
});
const evidence = (forbidden?: string): AccessRule => ({
  noun: 'Evidence',
  from: 'evidence r JOIN apprenticeships a ON a.id = r.apprenticeship_id',
  scope: (u) => apprenticeshipScope(u, 'a', true),
  forbidden,
});
const otjEntry = (allowed?: AccessRule['allowed'], forbidden?: string): AccessRule => ({
  noun: 'Off-the-job entry',
  from: 'otj_entries r JOIN apprenticeships a ON a.id = r.apprenticeship_id',
  scope: (u) => apprenticeshipScope(u, 'a', true),
  allowed,
  forbidden,
});
/** An employer decides only the training the employer delivered; provider users any. */
const decidable = (u: AuthUser): Sql =>
  u.role === 'employer'
    ? { sql: `r.delivered_by = 'employer'`, params: {} }
    : { sql: 'true', params: {} };
const progressReview = (forbidden?: string): AccessRule => ({
  noun: 'Progress review',
  from: 'progress_reviews r JOIN apprenticeships a ON a.id = r.apprenticeship_id',
  scope: (u) => apprenticeshipScope(u, 'a', true),
  forbidden,
});
const cohort: AccessRule = { noun: 'Cohort', from: 'cohorts r', scope: (u) => cohortScope(u, 'r') };
const organisation = (allowed?: AccessRule['allowed']): AccessRule => ({
  noun: 'Organisation',
  from: 'organisations r',
  scope: (u) => organisationScope(u, 'r'),
  allowed,
});
const user = (allowed?: AccessRule['allowed'], forbidden?: string): AccessRule => ({
  noun: 'User',
  from: 'users r',
  scope: (u) => userScope(u, 'r'),
  allowed,
  forbidden,
});
const self = (u: AuthUser): Sql => ({ sql: 'r.id = :accessSelf', params: { accessSelf: u.id } });
const selfOrManaged = (u: AuthUser): Sql => {
  const managed = managedUserScope(u, 'r');
  return {
    sql: `(r.id = :accessSelf OR ${managed.sql})`,
    params: { ...managed.params, accessSelf: u.id },
  };
};

/**
 * The rule for each permission, or null for those that name no object (lists and creations, where
 * the role alone decides and the service applies the scope). The switch is exhaustive: a new
 * permission without a rule does not compile.
 */
export function accessRule(permission: Permission): AccessRule | null {
  switch (permission) {
    case Permission.ApprenticeshipList:
    case Permission.AuditReadInternals:
    case Permission.EvidenceQueue:
    case Permission.EvidenceReviewQueue:
    case Permission.ApprenticeshipCreate:
    case Permission.CohortList:
    case Permission.CohortCreate:
    case Permission.ProviderOverviewRead:
    case Permission.OrganisationList:
    case Permission.OrganisationCreate:
    case Permission.OrganisationCreateAnyKind:
    case Permission.UserList:
    case Permission.UserCreate:
    case Permission.UserCreateAnyRole:
    case Permission.StandardImport:
    case Permission.OtjQueue:
    case Permission.OtjLearnerRecord:
      return null;
    case Permission.ApprenticeshipRead:
    case Permission.SnapshotList:
      return apprenticeship(false);
    case Permission.ApprenticeshipUpdate:
      return apprenticeship(false, "Only the apprenticeship's provider changes it");
    case Permission.DeclarationSign:
      return apprenticeship(false, 'Only the apprentice, their employer and their provider sign');
    case Permission.GatewayFreeze:
      return apprenticeship(false, 'A provider user freezes the portfolio at gateway');
    case Permission.EvidenceList:
    case Permission.CoverageRead:
    case Permission.AuditRead:
    case Permission.DraftPortfolioRead:
    case Permission.GatewayRead:
    case Permission.ProgressReviewList:
      return apprenticeship(true);
    case Permission.ProgressReviewCreate:
      return apprenticeship(true, 'A provider user records progress reviews');
    case Permission.ProgressReviewRead:
      return progressReview();
    case Permission.ProgressReviewUpdate:
      return progressReview('A provider user records progress reviews');
    case Permission.ProgressReviewSign:
      return progressReview('Only the provider, the employer and the apprentice sign');
    case Permission.EvidenceCreate:
      return apprenticeship(true, 'Only the apprentice adds their evidence');
    case Permission.EvidenceRead:
      return evidence();
    case Permission.EvidenceWrite:
      return evidence('Only the apprentice changes their evidence');
    case Permission.EvidenceReview:
      return evidence('A provider user reviews evidence');
    case Permission.EvidenceComment:
      return evidence();
    case Permission.EvidenceSuggestions:
      return evidence('The apprentice and their provider see suggested criteria');
    case Permission.DraftSuggestions:
      return apprenticeship(true, 'Only the apprentice adds their evidence');
    case Permission.SnapshotRead:
      return {
        noun: 'Snapshot',
        from: 'portfolio_snapshots r JOIN apprenticeships a ON a.id = r.apprenticeship_id',
        scope: (u) => apprenticeshipScope(u, 'a'),
      };
    case Permission.CohortRead:
    case Permission.CohortManage:
    case Permission.CohortCoverageRead:
      return cohort;
    case Permission.OrganisationRead:
      return organisation();
    case Permission.OrganisationUpdate:
      return organisation((u) => managedOrganisationScope(u, 'r'));
    case Permission.OrganisationSetUkprn:
    case Permission.OrganisationDelete:
      return organisation();
    case Permission.UserRead:
      return user();
    case Permission.UserUpdate:
      return user(selfOrManaged);
    case Permission.UserSetPassword:
      return user(
        (u) => (u.role === 'admin' ? { sql: 'true', params: {} } : self(u)),
        'Only the user or an admin can set a password',
      );
    case Permission.UserDelete:
      return user((u) => managedUserScope(u, 'r'));
    case Permission.OtjRead:
      return apprenticeship(true);
    case Permission.OtjLog:
      return apprenticeship(true, 'The apprentice logs their training, or provider staff for them');
    case Permission.OtjPlanSet:
      return apprenticeship(false, 'A provider user sets the planned off-the-job hours');
    case Permission.OtjEntryRead:
      return otjEntry();
    case Permission.OtjEntryWrite:
      return otjEntry(undefined, 'Only the author changes an entry');
    case Permission.OtjEntryDecide:
      return otjEntry(
        decidable,
        'A provider user decides; an employer only training the employer delivered',
      );
    case Permission.OtjEntryReopen:
      return otjEntry(undefined, 'A provider user reopens an approved entry');
    default:
      return assertNever(permission);
  }
}

function assertNever(value: never): never {
  throw new Error(`No access rule for ${String(value)}`);
}
