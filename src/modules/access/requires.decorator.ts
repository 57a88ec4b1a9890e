import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { Permission } from './permission.js';

export const REQUIRES = 'requires';

export interface Requirement {
  permission: Permission;
  /** The route parameter naming the object (for permissions that name one). */
  param: string;
  /** The handler's own statement asks the access room (see RequiresInStatement). */
  inStatement?: boolean;
}

/**
 * What a route needs: checked by the auth guard before the body is read or validated, so a role
 * that may never do this gets 403 and another tenant's object 404, whatever the request carries.
 */
export const Requires = (permission: Permission, param = 'id') =>
  SetMetadata(REQUIRES, { permission, param } satisfies Requirement);

/**
 * The same requirement, decided inside the handler's one statement instead of a query of its
 * own (`AccessService.requireAndSelect`): for the hottest reads, where the access check was a
 * whole round trip to the database. The guard authenticates and checks the id's form as for
 * @Requires, and hands the handler an `AccessCheck` (@Checked()) — the only way it gets the id.
 */
export const RequiresInStatement = (permission: Permission, param = 'id') =>
  SetMetadata(REQUIRES, { permission, param, inStatement: true } satisfies Requirement);

/** A requirement the guard has not decided: the handler's statement will (requireAndSelect). */
export interface AccessCheck {
  readonly user: AuthUser;
  readonly permission: Permission;
  readonly id: string;
}

export type RequestWithCheck = Request & { user?: AuthUser; accessCheck?: AccessCheck };

/** The check the guard left for a @RequiresInStatement route. */
export const Checked = createParamDecorator((_: unknown, ctx: ExecutionContext): AccessCheck => {
  const check = ctx.switchToHttp().getRequest<RequestWithCheck>().accessCheck;
  if (!check) throw new Error('@Checked() needs @RequiresInStatement() on the route');
  return check;
});
