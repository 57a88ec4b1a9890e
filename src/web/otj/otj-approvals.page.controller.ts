import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CurrentUser } from '../../common/auth/decorators.js';
import { UuidParam } from '../../common/uuid-param.decorator.js';
import { Permission } from '../../modules/access/permission.js';
import { Requires } from '../../modules/access/requires.decorator.js';
import { DecideOtjEntryDto, OtjQueueQueryDto } from '../../modules/otj/dto/otj-input.dto.js';
import { OtjDecisionsService } from '../../modules/otj/otj-decisions.service.js';
import { OtjEntryView } from '../../modules/otj/otj-entry-view.js';
import { durationInWords } from '../../modules/otj/otj-rules.js';
import { AccessService } from '../../modules/access/access.service.js';
import { ApprenticeshipsService } from '../../modules/apprenticeships/apprenticeships.service.js';
import { longDay } from '../../common/clock/calendar.js';
import type { AppError } from '../../common/errors/app-error.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import { IsOptional, IsUUID } from 'class-validator';
import { FormErrors, formErrorsOf, FormRejection, formText, validateForm } from '../forms.js';
import type { PostedForm } from '../forms.js';
import { WebPage } from '../web-page.decorator.js';

const DONE: Record<string, string> = { approved: 'Approved', rejected: 'Rejected' };

export class OtjApprovalsQueryDto {
  /** After a decision: the entry decided, named in the banner. */
  @IsOptional()
  @IsUUID()
  decided?: string;
}

/** The tutor's (and employer's) approval queue: approve, or reject with a reason. */
@WebPage()
@Controller()
export class OtjApprovalsPageController {
  constructor(
    private readonly decisions: OtjDecisionsService,
    private readonly entries: OtjEntryView,
    private readonly access: AccessService,
    private readonly apprenticeships: ApprenticeshipsService,
  ) {}

  @Get('otj-approvals')
  @Requires(Permission.OtjQueue)
  async queue(
    @CurrentUser() user: AuthUser,
    @Query() { decided }: OtjApprovalsQueryDto,
    @Res() res: Response,
  ) {
    res.render('otj/queue.njk', {
      ...(await this.model(user)),
      done: decided ? await this.decision(user, decided) : null,
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
    res.redirect(303, `/otj-approvals?decided=${id}`);
  }

  /** The banner after a decision: whose training, how long, which day, and what was decided. */
  private async decision(user: AuthUser, id: string): Promise<string | null> {
    // Through the access room, as any read of an entry: another's entry is simply not named;
    // anything else (the database failing) fails the page as it would any other.
    try {
      await this.access.require(user, Permission.OtjEntryRead, id);
    } catch (error) {
      const code = (error as AppError).code;
      if (code === ErrorCode.NotFound || code === ErrorCode.Forbidden) return null;
      throw error;
    }
    const entry = await this.entries.get(id);
    const what = DONE[entry.status];
    if (!what) return null;
    const { apprentice } = await this.apprenticeships.get(entry.apprenticeshipId);
    const when = longDay(entry.activityDate);
    return `${what}: ${apprentice.name}’s ${durationInWords(entry.duration)} on ${when}`;
  }

  private async model(user: AuthUser) {
    const query = Object.assign(new OtjQueueQueryDto(), { limit: 100, offset: 0 });
    const page = await this.decisions.queue(user, query);
    return { items: page.items, total: page.total };
  }
}
