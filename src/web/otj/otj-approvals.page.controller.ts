import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CurrentUser } from '../../common/auth/decorators.js';
import { UuidParam } from '../../common/uuid-param.decorator.js';
import { Permission } from '../../modules/access/permission.js';
import { Requires } from '../../modules/access/requires.decorator.js';
import { DecideOtjEntryDto, OtjQueueQueryDto } from '../../modules/otj/dto/otj-input.dto.js';
import { OtjDecisionsService } from '../../modules/otj/otj-decisions.service.js';
import { FormErrors, formErrorsOf, FormRejection, formText, validateForm } from '../forms.js';
import type { PostedForm } from '../forms.js';
import { WebPage } from '../web-page.decorator.js';

const DONE: Record<string, string> = { approved: 'Entry approved', rejected: 'Entry rejected' };

/** The tutor's (and employer's) approval queue: approve, or reject with a reason. */
@WebPage()
@Controller()
export class OtjApprovalsPageController {
  constructor(private readonly decisions: OtjDecisionsService) {}

  @Get('otj-approvals')
  @Requires(Permission.OtjQueue)
  async queue(@CurrentUser() user: AuthUser, @Query('done') done: unknown, @Res() res: Response) {
    res.render('otj/queue.njk', {
      ...(await this.model(user)),
      done: typeof done === 'string' ? (DONE[done] ?? null) : null,
    });
  }

  @Post('otj-approvals/:id')
  @Requires(Permission.OtjEntryDecide)
  async decide(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() form: PostedForm,
    @Res() res: Response,
  ) {
    const reason = formText(form.reason);
    const body = { decision: formText(form.decision), reason: reason?.trim() ? reason : undefined };
    const reject = async (errors: FormErrors) => {
      // Each entry's form has its own field ids: the error goes to this entry's reason.
      const fields = Object.fromEntries(
        Object.entries(errors.fields).map(([k, v]) => [`${k}-${id}`, v]),
      );
      const summary = errors.summary.map((s) => ({ ...s, href: `${s.href}-${id}` }));
      throw new FormRejection(
        'otj/queue.njk',
        { ...(await this.model(user)), failed: id, form },
        { fields, summary },
      );
    };
    const { value, errors } = await validateForm(DecideOtjEntryDto, body, {
      decision: 'Choose approve or reject',
    });
    if (errors) return reject(errors);
    try {
      await this.decisions.decide(user, id, value);
    } catch (error) {
      return reject(formErrorsOf(error, { reason: 'Say why you are rejecting this entry' }));
    }
    res.redirect(303, `/otj-approvals?done=${value.decision}`);
  }

  private async model(user: AuthUser) {
    const query = Object.assign(new OtjQueueQueryDto(), { limit: 100, offset: 0 });
    const page = await this.decisions.queue(user, query);
    return { items: page.items, total: page.total };
  }
}
