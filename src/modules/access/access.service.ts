import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { AppError } from '../../common/errors/app-error.js';
import { Database } from '../../common/database/database.js';
import { prepared } from '../../common/database/named-query.js';
import { accessRule, type AccessRule } from './access-rules.js';
import type { Sql } from './access-scopes.js';
import { Permission, roleHolds } from './permission.js';
import type { AccessCheck } from './requires.decorator.js';

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
      const inScope = accessCheckSql(rule, user);
      const [row] = await this.db.queryNamed<{ allowed: boolean }>(prepared(inScope.sql), {
        ...inScope.params,
        accessId: id,
      });
      return this.decide(rule, holds, row);
    }
    if (!holds) throw AppError.forbidden();
  }

  /**
   * `require` and the caller's statement in one round trip, for the hottest reads: the statement
   * runs in the same SELECT, only when the check passes, and the outcome of the check is
   * require's (404 outside the scope, 403 inside it without the permission). `statement` yields
   * one value (one row of one column, or none: undefined); its `:named` parameters must not
   * clash with the check's (the same name with the same value is the same parameter).
   */
  async requireAndSelect<T>(
    check: AccessCheck,
    statement: string,
    params: Record<string, unknown>,
  ): Promise<T | undefined> {
    const { user, permission, id } = check;
    const rule = accessRule(permission);
    if (!rule || !this.holds(user, permission)) {
      await this.require(user, permission, id); // throws: outside the scope 404, else 403
      throw new Error(`${permission} was refused but require() passed`);
    }
    const inScope = accessCheckSql(rule, user);
    const scoped: Record<string, unknown> = { ...inScope.params, accessId: id };
    // A scope parameter the statement shares (its own narrowing by the same user) is the same
    // value; any other would stand in for the check's.
    const clash = Object.keys(params).find(
      (name) => name in scoped && scoped[name] !== params[name],
    );
    if (clash) throw new Error(`The statement's :${clash} clashes with the access check's`);
    const [row] = await this.db.queryNamed<{ allowed: boolean; value: T | null }>(
      prepared(
        `SELECT q.allowed, CASE WHEN q.allowed THEN (${statement}) END AS value
         FROM (${inScope.sql}) q`,
      ),
      { ...scoped, ...params },
    );
    this.decide(rule, true, row);
    return row.value ?? undefined;
  }

  /**
   * Of `ids`, those `user` may do `permission` to: require's decision for each (passes or not),
   * in one statement, for a page choosing which of its rows offer an action.
   */
  async allowedOf(user: AuthUser, permission: Permission, ids: string[]): Promise<Set<string>> {
    const rule = accessRule(permission);
    if (!rule) throw new Error(`${permission} names no object: holds() decides it`);
    if (ids.length === 0 || !this.holds(user, permission)) return new Set();
    const inScope = accessCheckSql(rule, user, 'i.id');
    const rows = await this.db.queryNamed<{ id: string }>(
      prepared(
        `SELECT i.id FROM unnest(:accessIds::uuid[]) AS i(id)
         WHERE (SELECT q.allowed FROM (${inScope.sql}) q)`,
      ),
      { ...inScope.params, accessIds: ids },
    );
    return new Set(rows.map((r) => r.id));
  }

  private decide<R extends { allowed: boolean }>(
    rule: AccessRule,
    holds: boolean,
    row: R | undefined,
  ): asserts row is R {
    if (!row) throw AppError.notFound(rule.noun);
    if (holds && row.allowed) return;
    throw AppError.forbidden(rule.forbidden);
  }
}

/**
 * The object `id` names (`:accessId`, or a column of an outer statement) inside the user's scope,
 * and whether the rule lets them act on it; no row outside the scope.
 */
function accessCheckSql(rule: AccessRule, user: AuthUser, id = ':accessId'): Sql {
  const scope = rule.scope(user);
  const allowed = rule.allowed?.(user) ?? { sql: 'true', params: {} };
  return {
    sql: `SELECT (${allowed.sql}) AS allowed FROM ${rule.from} WHERE r.id = ${id} AND (${scope.sql})`,
    params: { ...scope.params, ...allowed.params },
  };
}
