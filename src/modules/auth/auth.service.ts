import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { IsNull } from 'typeorm';
import { AuthUser, toAuthUser } from '../../common/auth/auth-user.js';
import { AppError } from '../../common/errors/app-error.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import { AppConfig } from '../../config/app-config.js';
import { Database } from '../../common/database/database.js';
import { toUserDto } from '../users/dto/user.dto.js';
import { UserEntity } from '../users/user.entity.js';
import { LoginResponseDto } from './dto/login.dto.js';
import { LoginRateLimiter } from './login-rate-limiter.js';
import { dummyPasswordHash, verifyPassword } from '../../common/security/password.js';

interface TokenClaims {
  sub: string;
}

const unauthenticated = (message: string) => new AppError(ErrorCode.Unauthenticated, message);

@Injectable()
export class AuthService {
  /** Per account: LOGIN_MAX_ATTEMPTS_PER_MINUTE failures. */
  private readonly accounts: LoginRateLimiter;
  /** Per address: ten times as many, so one office behind a NAT is not locked out by one user. */
  private readonly addresses: LoginRateLimiter;

  constructor(
    private readonly db: Database,
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
  ) {
    this.accounts = new LoginRateLimiter(config.auth.loginMaxAttemptsPerMinute);
    this.addresses = new LoginRateLimiter(config.auth.loginMaxAttemptsPerMinute * 10);
  }

  private get users() {
    return this.db.manager.getRepository(UserEntity);
  }

  async login(email: string, password: string, clientIp: string): Promise<LoginResponseDto> {
    const normalised = email.toLowerCase();
    const account = [normalised];
    const address = [clientIp];
    if (this.accounts.isBlocked(account) || this.addresses.isBlocked(address)) {
      throw new AppError(ErrorCode.RateLimited, 'Too many failed sign-ins; try again in a minute');
    }
    const user = await this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.email = :email AND u.deletedAt IS NULL', { email: normalised })
      .getOne();
    // Always pay for one argon2 verification, so response time does not reveal which emails exist.
    const valid = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
    if (!user || !valid || user.disabledAt) {
      this.accounts.recordFailure(account);
      this.addresses.recordFailure(address);
      throw new AppError(ErrorCode.InvalidCredentials, 'Email or password is incorrect');
    }
    this.accounts.reset(account);
    const claims: TokenClaims = { sub: user.id };
    return {
      accessToken: await this.jwt.signAsync(claims),
      tokenType: 'Bearer',
      expiresIn: this.config.auth.jwtTtlSeconds,
      user: toUserDto(user),
    };
  }

  /** Verifies a bearer token and loads its user; disabled or deleted users no longer authenticate. */
  async authenticate(token: string): Promise<AuthUser> {
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims>(token);
    } catch {
      throw unauthenticated('The token is invalid or has expired; sign in again');
    }
    const user = await this.users.findOne({
      where: { id: claims.sub, deletedAt: IsNull(), disabledAt: IsNull() },
    });
    if (!user)
      throw unauthenticated('The account behind this token no longer exists or is disabled');
    return toAuthUser(user);
  }

  async me(user: AuthUser) {
    return toUserDto(await this.users.findOneByOrFail({ id: user.id }));
  }
}
