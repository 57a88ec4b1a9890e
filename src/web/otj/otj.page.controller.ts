import { Body, Controller, Get, Post, Query, Render, Res, StreamableFile } from '@nestjs/common';
import type { Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CurrentUser } from '../../common/auth/decorators.js';
import { UuidParam } from '../../common/uuid-param.decorator.js';
import { Permission, roleHolds } from '../../modules/access/permission.js';
import { Requires } from '../../modules/access/requires.decorator.js';
import { ApprenticeshipsService } from '../../modules/apprenticeships/apprenticeships.service.js';
import { toCsv } from '../../common/http/csv.js';
import { ListOtjEntriesQueryDto, SetOtjPlanDto } from '../../modules/otj/dto/otj-input.dto.js';
import { OtjEntryView } from '../../modules/otj/otj-entry-view.js';
import { OtjPlanService } from '../../modules/otj/otj-plan.service.js';
import { OtjProgressService } from '../../modules/otj/otj-progress.service.js';
import { otjChart } from '../charts/otj-chart.js';
import { formErrorsOf, FormRejection, validateForm } from '../forms.js';
import type { FormErrors, PostedForm } from '../forms.js';
import { pageLinks, pageNumber } from '../pagination.js';
import { WebPage } from '../web-page.decorator.js';
import { PLAN_FORM_WORDS, planBody, planRuleWords } from './otj-plan-form.js';

/** Entries on one page of the log, newest first; a year of daily entries is five pages or so. */
const LOG_PAGE = 50;

const csv = (res: Response, text: string, name: string) => {
  res.set({ 'Cache-Control': 'private, no-store', 'X-Content-Type-Options': 'nosniff' });
  return new StreamableFile(Buffer.from(text, 'utf8'), {
    type: 'text/csv; charset=utf-8',
    disposition: `attachment; filename="${name}"`,
  });
};

/**
 * The off-the-job log of one apprenticeship: progress, chart, entries, the plan. Adding, changing
 * and deleting an entry: OtjEntryPageController.
 */
@WebPage()
@Controller()
export class OtjPageController {
  constructor(
    private readonly apprenticeships: ApprenticeshipsService,
    private readonly view: OtjEntryView,
    private readonly progress: OtjProgressService,
    private readonly plans: OtjPlanService,
  ) {}

  @Get('portfolio/:id/otj')
  @Requires(Permission.OtjRead)
  @Render('otj/log.njk')
  async log(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Query('added') added?: unknown,
    @Query('page') page?: unknown,
    @Query('changed') changed?: unknown,
    @Query('deleted') deleted?: unknown,
  ) {
    const number = pageNumber(page);
    const query = Object.assign(new ListOtjEntriesQueryDto(), {
      limit: LOG_PAGE,
      offset: (number - 1) * LOG_PAGE,
    });
    const [apprenticeship, summary, entries, timeline] = await Promise.all([
      this.apprenticeships.get(id),
      this.progress.summary(id),
      this.view.list(id, query),
      this.progress.timeline(id),
    ]);
    const open = apprenticeship.status === 'in_training';
    const whose = user.role === 'apprentice' ? 'Your' : `${apprenticeship.apprentice.name}’s`;
    return {
      apprenticeship,
      ...summary,
      entries: entries.items,
      total: entries.total,
      shown: { from: query.offset + 1, to: query.offset + entries.items.length },
      pagination: pageLinks(
        entries.total,
        LOG_PAGE,
        number,
        (n) => `/portfolio/${id}/otj?page=${n}`,
      ),
      added: entries.items.find((e) => e.id === added) ?? null,
      changed: entries.items.find((e) => e.id === changed) ?? null,
      deleted: deleted !== undefined,
      chart: otjChart(timeline, {
        id: 'otj-chart',
        subject: whose,
        plannedHours: summary.progress.plannedHours,
      }),
      canAdd: open && roleHolds(user.role, Permission.OtjLog),
      canPlan: open && roleHolds(user.role, Permission.OtjPlanSet),
      canDecide: open && roleHolds(user.role, Permission.OtjQueue),
      // Shown at the entries this person logged that are not approved (the service's own rule).
      canChange: open && roleHolds(user.role, Permission.OtjEntryWrite),
    };
  }

  @Get('portfolio/:id/otj/plan')
  @Requires(Permission.OtjPlanSet)
  @Render('otj/plan.njk')
  async planForm(@UuidParam() id: string) {
    const model = await this.planModel(id);
    const p = model.progress;
    return { ...model, form: { plannedHours: p.plannedHours ?? '', rplHours: p.rplHours } };
  }

  @Post('portfolio/:id/otj/plan')
  @Requires(Permission.OtjPlanSet)
  async setPlan(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() form: PostedForm,
    @Res() res: Response,
  ) {
    const reject = async (errors: FormErrors) => {
      throw new FormRejection('otj/plan.njk', { ...(await this.planModel(id)), form }, errors);
    };
    const { value, errors } = await validateForm(SetOtjPlanDto, planBody(form), PLAN_FORM_WORDS);
    if (errors) return reject(errors);
    try {
      await this.plans.set(user, id, value);
    } catch (error) {
      const { progress } = await this.progress.summary(id);
      const rplHours = value.rplHours ?? progress.rplHours;
      return reject(formErrorsOf(error, planRuleWords(progress, rplHours)));
    }
    res.redirect(303, `/portfolio/${id}/otj`);
  }

  @Get('portfolio/:id/otj/log.csv')
  @Requires(Permission.OtjRead)
  async logCsv(@UuidParam() id: string, @Res({ passthrough: true }) res: Response) {
    return csv(res, (await this.view.csv(id)).toString('utf8'), 'off-the-job-log.csv');
  }

  @Get('otj-hours.csv')
  @Requires(Permission.OtjLearnerRecord)
  async hoursCsv(@CurrentUser() user: AuthUser, @Res({ passthrough: true }) res: Response) {
    const rows = await this.progress.learnerRecord(user);
    const records = rows.map((r) => [
      r.uln,
      r.apprentice,
      r.plannedHours ?? '',
      r.actualHours,
      r.rplHours,
    ]);
    return csv(
      res,
      toCsv([['ULN', 'Apprentice', 'HRS1', 'HRS3', 'HRS4'], ...records]),
      'off-the-job-hours.csv',
    );
  }

  private async planModel(id: string) {
    const [apprenticeship, summary] = await Promise.all([
      this.apprenticeships.get(id),
      this.progress.summary(id),
    ]);
    return { apprenticeship, ...summary };
  }
}
