import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AuditWriter } from '../../common/audit/audit-writer.js';
import { AuthUser } from '../../common/auth/auth-user.js';
import { AppError } from '../../common/errors/app-error.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import { AppConfig } from '../../config/app-config.js';
import { Database } from '../../common/database/database.js';
import { prepared } from '../../common/database/named-query.js';
import { toUserDto } from '../users/dto/user.dto.js';
import { UserEntity } from '../users/user.entity.js';
import { LoginResponseDto } from './dto/login.dto.js';
import { SignInKeys, SignInLimiter } from './login-rate-limiter.js';
import { RateLimits } from './rate-limits.js';
import { readClaims, TokenClaims } from './token-claims.js';
import {
  configurePasswordHashing,
  dummyPasswordHash,
  verifyPassword,
} from '../../common/security/password.js';

/**
 * The user a token names, as every authenticated request loads it: one prepared statement (no
 * query building, planned once per connection) instead of a repository query, as it runs before
 * every API call and page.
 */
const TOKEN_USER_SQL = prepared(`
  SELECT id, email, name, role, organisation_id AS "organisationId", provider_id AS "providerId",
         token_version AS "tokenVersion"
  FROM users WHERE id = :id AND deleted_at IS NULL AND disabled_at IS NULL`);

const unauthenticated = (message: string) => new AppError(ErrorCode.Unauthenticated, message);

type FailureReason = 'unknown_account' | 'wrong_password' | 'disabled';

/**
 * A sign-in changes no record, so its audit event has no entity: the actor (on success) or
 * `after.userId` (on failure) says whose account it was.
 */
const SIGN_IN = { type: 'sign_in', id: null };

@Injectable()
export class AuthService {
  private readonly limiter: SignInLimiter;

  constructor(
    private readonly db: Database,
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
    private readonly audit: AuditWriter,
    limits: RateLimits,
  ) {
    configurePasswordHashing(config.auth.passwordHashConcurrency);
    this.limiter = new SignInLimiter(
      {
        perAccountAndAddress: config.auth.loginMaxAttemptsPerMinute,
        perAccountPerHour: config.auth.loginMaxAttemptsPerAccountPerHour,
        // Ten times the account budget, so one office behind a NAT is not locked out by one user.
        perAddress: config.auth.loginMaxAttemptsPerMinute * 10,
      },
      (spec) => limits.limiter(spec),
    );
  }

  private get users() {
    return this.db.manager.getRepository(UserEntity);
  }

  async login(email: string, password: string, clientIp: string): Promise<LoginResponseDto> {
    const keys: SignInKeys = { account: email.toLowerCase(), address: clientIp };
    const outcome = await this.attempt(
      keys,
      password,
      'Too many sign-in attempts; try again later',
    );
    if ('failed' in outcome) {
      await this.recordFailure(keys, outcome.failed, outcome.user);
      throw new AppError(ErrorCode.InvalidCredentials, 'Email or password is incorrect');
    }
    const { user } = outcome;
    await this.limiter.succeeded(keys);
    await this.audit.recordChange(user.id, 'auth.signed_in', SIGN_IN, null, { address: clientIp });
    const claims: TokenClaims = { sub: user.id, ver: user.tokenVersion };
    return {
      accessToken: await this.jwt.signAsync(claims),
      tokenType: 'Bearer',
      expiresIn: this.config.auth.jwtTtlSeconds,
      user: toUserDto(user),
    };
  }

  /**
   * A signed-in user proves they know their password (to change it): an attempt on the same
   * budgets as a sign-in, so a stolen token cannot guess at speed. Missing or wrong: 422 at
   * `currentPassword`.
   */
  async confirmPassword(user: AuthUser, password: string | undefined, clientIp: string) {
    if (!password) {
      throw AppError.field('currentPassword', 'is required to change your own password');
    }
    const keys: SignInKeys = { account: user.email.toLowerCase(), address: clientIp };
    const outcome = await this.attempt(
      keys,
      password,
      'Too many password attempts; try again later',
    );
    if ('failed' in outcome) {
      await this.recordFailure(keys, outcome.failed, outcome.user);
      throw AppError.field('currentPassword', 'is not your current password');
    }
    await this.limiter.succeeded(keys);
  }

  /** One password attempt, counted (atomically, in the shared store) before it is checked. */
  private async attempt(keys: SignInKeys, password: string, tooMany: string) {
    const retryAfter = await this.limiter.take(keys);
    if (retryAfter !== undefined) {
      throw AppError.retryLater(ErrorCode.RateLimited, tooMany, retryAfter);
    }
    try {
      return await this.check(keys.account, password);
    } catch (error) {
      // No verdict (database away, hashing queue full): not an attempt.
      await this.limiter.undo(keys).catch(() => undefined);
      throw error;
    }
  }

  private async check(
    email: string,
    password: string,
  ): Promise<{ user: UserEntity } | { failed: FailureReason; user?: UserEntity }> {
    const user = await this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.email = :email AND u.deletedAt IS NULL', { email })
      .getOne();
    // Always pay for one argon2 verification, so response time does not reveal which emails exist.
    const valid = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
    if (!user) return { failed: 'unknown_account' };
    if (!valid) return { failed: 'wrong_password', user };
    if (user.disabledAt) return { failed: 'disabled', user };
    return { user };
  }

  private recordFailure(keys: SignInKeys, reason: FailureReason, user?: UserEntity) {
    return this.audit.recordChange(null, 'auth.sign_in_failed', SIGN_IN, null, {
      email: keys.account,
      ...(user ? { userId: user.id } : {}),
      address: keys.address,
      reason,
    });
  }

  /**
   * Verifies a bearer token and loads its user. Disabled or deleted users, tokens issued before
   * the user's last password change, and tokens with any claim missing or malformed answer 401.
   */
  async authenticate(token: string): Promise<AuthUser> {
    let payload: unknown;
    try {
      payload = await this.jwt.verifyAsync<object>(token);
    } catch {
      throw unauthenticated('The token is invalid or has expired; sign in again');
    }
    const claims = readClaims(payload);
    if (!claims) throw unauthenticated('The token is invalid or has expired; sign in again');
    const [user] = await this.db.queryNamed<AuthUser & { tokenVersion: number }>(TOKEN_USER_SQL, {
      id: claims.sub,
    });
    if (!user)
      throw unauthenticated('The account behind this token no longer exists or is disabled');
    const { tokenVersion, ...authUser } = user;
    if (tokenVersion !== claims.ver) {
      throw unauthenticated('This token was revoked by a password change; sign in again');
    }
    return authUser;
  }

  async me(user: AuthUser) {
    return toUserDto(await this.users.findOneByOrFail({ id: user.id }));
  }
}
