import type { AuthUser } from '../../common/auth/auth-user.js';

/**
 * The one rule for which apprenticeships a user can see, as a SQL condition on `alias`:
 * admins all; provider users their provider's; employers their own apprentices'; apprentices
 * their own; assessors only those assigned to them. Everything under an apprenticeship (evidence,
 * coverage, portfolio, audit) goes through this, so "not yours" is always a 404.
 */
export function apprenticeshipScope(
  user: AuthUser,
  alias: string,
): { sql: string; params: Record<string, unknown> } {
  switch (user.role) {
    case 'admin':
      return { sql: 'true', params: {} };
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
      return { sql: `${alias}.assessor_id = :scopeUser`, params: { scopeUser: user.id } };
  }
}
