import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { IS_PUBLIC } from '../../common/auth/decorators.js';
import { SESSION_COOKIE, WEB_PAGE, cookieOf } from '../../common/auth/session-cookie.js';
import { AppError } from '../../common/errors/app-error.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import { isUuid } from '../../common/uuid-param.decorator.js';
import { AuthService } from './auth.service.js';
import { AccessService } from '../access/access.service.js';
import { REQUIRES, Requirement, type RequestWithCheck } from '../access/requires.decorator.js';

/**
 * Global guard: every route needs a valid bearer token unless marked @Public(), and what a route
 * declares with @Requires() is asked of the access room before any pipe reads the body. Web pages
 * (WebPageRoutes) take the session cookie instead, and only they do: a cookie never authenticates
 * an /api call, which would open the API to cross-site requests.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly access: AccessService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<RequestWithCheck>();
    const token = this.reflector.getAllAndOverride<boolean>(WEB_PAGE, targets)
      ? cookieOf(request, SESSION_COOKIE)
      : bearerTokenOf(request);
    if (!token) {
      throw new AppError(ErrorCode.Unauthenticated, 'Sign in first: a bearer token is required');
    }
    request.user = await this.auth.authenticate(token);

    const requirement = this.reflector.get<Requirement | undefined>(REQUIRES, context.getHandler());
    if (requirement) {
      const id = request.params[requirement.param] as string | undefined;
      if (id !== undefined && !isUuid(id))
        throw AppError.field(requirement.param, 'must be a UUID');
      if (requirement.inStatement && id !== undefined) {
        const { user } = request;
        request.accessCheck = { user, permission: requirement.permission, id };
      } else await this.access.require(request.user, requirement.permission, id);
    }
    return true;
  }
}

function bearerTokenOf(request: Request): string | undefined {
  const [scheme, token] = (request.headers.authorization ?? '').split(' ');
  return scheme?.toLowerCase() === 'bearer' && token ? token : undefined;
}
