import { Body, Controller, Get, Ip, Post, Render, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CurrentUser } from '../../common/auth/decorators.js';
import { AppError } from '../../common/errors/app-error.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import { AppConfig } from '../../config/app-config.js';
import { UsersService } from '../../modules/users/users.service.js';
import { formErrorsOf, formText, toFormErrors, type PostedForm } from '../forms.js';
import { endSession } from '../session.js';
import { WebPage } from '../web-page.decorator.js';

const VIEW = 'auth/password.njk';
/** The service's refusals in the page's words (a missing field never reaches it). */
const FRIENDLY = {
  currentPassword: 'Your current password is not right: enter the one you signed in with',
  password: (message: string) => `The new password ${message}`,
};

/**
 * Changing one's own password: PATCH /api/users/:id for oneself, the current password included
 * (counted like a sign-in). Every session ends with it, this one too: sign in again.
 */
@WebPage()
@Controller()
export class PasswordPageController {
  constructor(
    private readonly users: UsersService,
    private readonly config: AppConfig,
  ) {}

  @Get('account/password')
  @Render(VIEW)
  form() {
    return {};
  }

  @Post('account/password')
  async change(
    @CurrentUser() user: AuthUser,
    @Body() form: PostedForm,
    @Ip() ip: string,
    @Res() res: Response,
  ) {
    const text = (name: string) => formText(form[name]) ?? '';
    const [currentPassword, password] = [text('currentPassword'), text('password')];
    const again = (errors: ReturnType<typeof toFormErrors>, status = 422) =>
      res.status(status).render(VIEW, { errors });
    const missing = [
      ...(currentPassword === '' ? [{ field: 'currentPassword', message: 'empty' }] : []),
      ...(password === '' ? [{ field: 'password', message: 'empty' }] : []),
      ...(password !== text('confirmPassword') ? [{ field: 'confirmPassword', message: '' }] : []),
    ];
    if (missing.length > 0) return again(toFormErrors(missing, FORM_WORDS));
    try {
      await this.users.update(user, user.id, { password, currentPassword }, ip);
    } catch (error) {
      if (error instanceof AppError && error.code === ErrorCode.RateLimited) {
        return again(toFormErrors([{ field: 'currentPassword', message: error.message }]), 429);
      }
      return again(formErrorsOf(error, FRIENDLY));
    }
    // The change revoked every token, this session's too.
    endSession(res, this.config);
    res.redirect(303, '/sign-in?passwordChanged=1');
  }
}

const FORM_WORDS = {
  currentPassword: 'Enter your current password',
  password: 'Enter a new password',
  confirmPassword: 'Enter the same new password again to confirm it',
};
