import { SetMetadata } from '@nestjs/common';
import { Permission } from './permission.js';

export const REQUIRES = 'requires';

export interface Requirement {
  permission: Permission;
  /** The route parameter naming the object (for permissions that name one). */
  param: string;
}

/**
 * What a route needs: checked by the auth guard before the body is read or validated, so a role
 * that may never do this gets 403 and another tenant's object 404, whatever the request carries.
 */
export const Requires = (permission: Permission, param = 'id') =>
  SetMetadata(REQUIRES, { permission, param } satisfies Requirement);
