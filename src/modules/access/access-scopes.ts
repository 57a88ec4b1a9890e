import type { AuthUser } from '../../common/auth/auth-user.js';
import type { Role } from '../../common/vocabulary.js';

/** A SQL condition with its named parameters (TypeORM's `:name` syntax). */
export interface Sql {
  sql: string;
  params: Record<string, unknown>;
}

const NOTHING: Sql = { sql: 'false', params: {} };
const EVERYTHING: Sql = { sql: 'true', params: {} };

/** Roles a provider user may create and manage inside their own provider. */
export const PROVIDER_MANAGED_ROLES: readonly Role[] = ['apprentice', 'employer'];

/**
 * Which apprenticeships a user can see, as a condition on `alias`: admins all; provider users their
 * provider's; employers their own apprentices'; apprentices their own; assessors those assigned to
 * them. `live` data (evidence, coverage, audit, drafts, gateway state) is never an assessor's: they
 * see only what a snapshot froze.
 */
export function apprenticeshipScope(user: AuthUser, alias: string, live = false): Sql {
  switch (user.role) {
    case 'admin':
      return EVERYTHING;
    case 'provider':
      return {
        sql: `${alias}.provider_id = :scopeProvider`,
        params: { scopeProvider: user.providerId },
      };
    case 'employer':
      return {
        sql: `${alias}.employer_id = :scopeEmployer`,
        params: { scopeEmployer: user.organisationId },
      };
    case 'apprentice':
      return { sql: `${alias}.apprentice_id = :scopeUser`, params: { scopeUser: user.id } };
    case 'assessor':
      return live
        ? NOTHING
        : { sql: `${alias}.assessor_id = :scopeUser`, params: { scopeUser: user.id } };
  }
}

/** Cohorts belong to a provider: only its users and admins see them. */
export function cohortScope(user: AuthUser, alias: string): Sql {
  switch (user.role) {
    case 'admin':
      return EVERYTHING;
    case 'provider':
      return {
        sql: `${alias}.provider_id = :scopeProvider`,
        params: { scopeProvider: user.providerId },
      };
    case 'employer':
    case 'apprentice':
    case 'assessor':
      return NOTHING;
  }
}

/**
 * Admins see every organisation; everyone else their own and their provider; provider users also
 * their employers and the assessment organisations they assign assessors from.
 */
export function organisationScope(user: AuthUser, alias: string): Sql {
  const own = {
    sql: `${alias}.id = ANY(CAST(:scopeOwn AS uuid[]))`,
    params: { scopeOwn: [user.organisationId, user.providerId].filter(Boolean) },
  };
  switch (user.role) {
    case 'admin':
      return EVERYTHING;
    case 'provider':
      return {
        sql: `(${own.sql} OR ${alias}.provider_id = :scopeProvider OR ${alias}.kind = 'assessment_organisation')`,
        params: { ...own.params, scopeProvider: user.providerId },
      };
    case 'employer':
    case 'apprentice':
    case 'assessor':
      return own;
  }
}

/**
 * Admins see every user; anyone sees themselves; provider users also the users of their provider
 * and the assessors they can assign. Deleted users are nobody's.
 */
export function userScope(user: AuthUser, alias: string): Sql {
  const live = `${alias}.deleted_at IS NULL`;
  switch (user.role) {
    case 'admin':
      return { sql: live, params: {} };
    case 'provider':
      return {
        sql: `${live} AND (${alias}.id = :scopeSelf OR ${alias}.provider_id = :scopeProvider OR ${alias}.role = 'assessor')`,
        params: { scopeSelf: user.id, scopeProvider: user.providerId },
      };
    case 'employer':
    case 'apprentice':
    case 'assessor':
      return { sql: `${live} AND ${alias}.id = :scopeSelf`, params: { scopeSelf: user.id } };
  }
}

/**
 * Whose e-mail address a caller sees: their own, their tenant's (a provider's people), and an
 * admin everyone's. A provider picking an assessor from another organisation sees the name only.
 */
export function seesEmailOf(viewer: AuthUser, target: { id: string; providerId: string | null }) {
  if (viewer.role === 'admin' || viewer.id === target.id) return true;
  return viewer.providerId !== null && viewer.providerId === target.providerId;
}

/** Users a caller manages (changes and deletes): admins everyone, provider users their own apprentices and employer contacts. */
export function managedUserScope(user: AuthUser, alias: string): Sql {
  switch (user.role) {
    case 'admin':
      return EVERYTHING;
    case 'provider':
      return {
        sql: `(${alias}.provider_id = :scopeProvider AND ${alias}.role = ANY(CAST(:scopeManaged AS user_role[])))`,
        params: { scopeProvider: user.providerId, scopeManaged: PROVIDER_MANAGED_ROLES },
      };
    case 'employer':
    case 'apprentice':
    case 'assessor':
      return NOTHING;
  }
}

/** Organisations a caller may change: admins any; provider users their own provider and its employers. */
export function managedOrganisationScope(user: AuthUser, alias: string): Sql {
  switch (user.role) {
    case 'admin':
      return EVERYTHING;
    case 'provider':
      return {
        sql: `(${alias}.id = :scopeProvider OR ${alias}.provider_id = :scopeProvider)`,
        params: { scopeProvider: user.providerId },
      };
    case 'employer':
    case 'apprentice':
    case 'assessor':
      return NOTHING;
  }
}

/**
 * Off-the-job entries (`entry`, on apprenticeship `alias`) a caller may decide: a provider user
 * their provider's, an employer only training its own staff delivered, nobody else any.
 */
export function otjDecidableScope(user: AuthUser, alias: string, entry: string): Sql {
  switch (user.role) {
    case 'provider':
      return apprenticeshipScope(user, alias, true);
    case 'employer': {
      const own = apprenticeshipScope(user, alias, true);
      return { sql: `${own.sql} AND ${entry}.delivered_by = 'employer'`, params: own.params };
    }
    case 'admin':
    case 'apprentice':
    case 'assessor':
      return NOTHING;
  }
}
