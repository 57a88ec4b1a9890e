import { Body, Controller, Get, HttpCode, Ip, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '../../common/auth/decorators.js';
import { AppError } from '../../common/errors/app-error.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import { AppConfig } from '../../config/app-config.js';
import { AuthService } from '../../modules/auth/auth.service.js';
import { LoginDto } from '../../modules/auth/dto/login.dto.js';
import { toFormErrors, validateForm } from '../forms.js';
import { endSession, safeNext, startSession } from '../session.js';
import { WebPage } from '../web-page.decorator.js';

const FRIENDLY = {
  email: 'Enter an email address in the correct format, like name@example.com',
  password: 'Enter your password',
};

@WebPage()
@Controller()
export class SignInPageController {
  constructor(
    private readonly auth: AuthService,
    private readonly config: AppConfig,
  ) {}

  @Public()
  @Get('sign-in')
  form(
    @Query('next') next: unknown,
    @Query('passwordChanged') passwordChanged: unknown,
    @Res() res: Response,
  ) {
    res.render('auth/sign-in.njk', { next: safeNext(next), passwordChanged: !!passwordChanged });
  }

  /** The same login as POST /api/auth/login, rate limits included; the token goes in a cookie. */
  @Public()
  @Post('sign-in')
  @HttpCode(303)
  async signIn(
    @Body() body: Record<string, unknown>,
    @Query('next') next: unknown,
    @Ip() ip: string,
    @Res() res: Response,
  ) {
    const { value, errors } = await validateForm(LoginDto, body, FRIENDLY);
    const again = (status: number, formErrors: typeof errors) =>
      res.status(status).render('auth/sign-in.njk', {
        next: safeNext(next),
        email: value.email,
        errors: formErrors,
      });
    if (errors) return again(422, errors);
    try {
      const login = await this.auth.login(value.email, value.password, ip);
      startSession(res, this.config, login.accessToken);
      res.redirect(303, safeNext(next));
    } catch (error) {
      const code = (error as AppError).code;
      if (code === ErrorCode.InvalidCredentials || code === ErrorCode.RateLimited) {
        const message = (error as AppError).message;
        return again(
          code === ErrorCode.RateLimited ? 429 : 401,
          toFormErrors([{ field: 'email', message }]),
        );
      }
      throw error;
    }
  }

  @Post('sign-out')
  signOut(@Res() res: Response) {
    endSession(res, this.config);
    res.redirect(303, '/sign-in');
  }
}
