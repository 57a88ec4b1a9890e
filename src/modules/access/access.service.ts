import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { AppError } from '../../common/errors/app-error.js';
import { Database } from '../../common/database/database.js';
import { prepared } from '../../common/database/named-query.js';
import { accessRule } from './access-rules.js';
import { Permission, roleHolds } from './permission.js';

/**
 * The access room: every way in (API controllers through the guard, pages, the CLI) asks here
 * whether a user may do something, and nowhere else tests a role.
 */
@Injectable()
export class AccessService {
  constructor(private readonly db: Database) {}

  /** Whether the user's role holds the permission at all (no object involved). */
  holds(user: AuthUser, permission: Permission): boolean {
    return roleHolds(user.role, permission);
  }

  /**
   * Passes when `user` may do `permission` to the object `id` names: 404 when it is outside the
   * user's scope (or does not exist), 403 when it is inside but the role or object rule says no.
   * Permissions that name no object are decided by role alone (403).
   */
  async require(user: AuthUser, permission: Permission, id?: string): Promise<void> {
    const rule = accessRule(permission);
    const holds = this.holds(user, permission);
    if (rule) {
      if (id === undefined) throw new Error(`${permission} needs the id of a ${rule.noun}`);
      const scope = rule.scope(user);
      const allowed = rule.allowed?.(user) ?? { sql: 'true', params: {} };
      const [row] = await this.db.queryNamed<{ allowed: boolean }>(
        prepared(
          `SELECT (${allowed.sql}) AS allowed FROM ${rule.from} WHERE r.id = :accessId AND (${scope.sql})`,
        ),
        { ...scope.params, ...allowed.params, accessId: id },
      );
      if (!row) throw AppError.notFound(rule.noun);
      if (holds && row.allowed) return;
      throw AppError.forbidden(rule.forbidden);
    }
    if (!holds) throw AppError.forbidden();
  }
}
