/**
 * The general per-address request limit: RATE_LIMIT_REQUESTS_PER_MINUTE requests a minute from one
 * client address over every API route and page, counted in the same store as the sign-in limits
 * (so one budget across all instances). A global guard ahead of authentication, so a flood is
 * refused before it costs a token check, a database query or an upload. The health check is
 * exempt: load balancers poll it from a few addresses, and must see the truth.
 */
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { RateLimiterAbstract } from 'rate-limiter-flexible';
import { AppError } from '../../common/errors/app-error.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import { AppConfig } from '../../config/app-config.js';
import { isLimitReached, RateLimits, storeKey } from './rate-limits.js';

const EXEMPT_PATHS = new Set(['/api/health']);

@Injectable()
export class RequestLimitGuard implements CanActivate {
  private readonly limiter?: RateLimiterAbstract;

  constructor(config: AppConfig, limits: RateLimits) {
    const points = config.limits.requestsPerMinute;
    if (points > 0) {
      this.limiter = limits.limiter({
        name: 'requests',
        points,
        durationSeconds: 60,
        blockInMemory: true,
      });
    }
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (!this.limiter || context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<Request>();
    if (EXEMPT_PATHS.has(request.path)) return true;
    const address = request.ip ?? request.socket.remoteAddress ?? 'unknown';
    try {
      const state = await this.limiter.consume(storeKey(address));
      const response = context.switchToHttp().getResponse<Response>();
      response.setHeader('RateLimit-Remaining', String(state.remainingPoints));
    } catch (refusal) {
      if (!isLimitReached(refusal)) throw refusal;
      throw AppError.retryLater(
        ErrorCode.RateLimited,
        'Too many requests from this address; try again later',
        refusal.msBeforeNext / 1000,
      );
    }
    return true;
  }
}
