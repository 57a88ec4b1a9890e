import { Body, Controller, Get, Post, Query, Render, Res, StreamableFile } from '@nestjs/common';
import type { Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CurrentUser } from '../../common/auth/decorators.js';
import { Clock } from '../../common/clock/clock.js';
import { UuidParam } from '../../common/uuid-param.decorator.js';
import { Permission, roleHolds } from '../../modules/access/permission.js';
import { Requires } from '../../modules/access/requires.decorator.js';
import { ApprenticeshipsService } from '../../modules/apprenticeships/apprenticeships.service.js';
import { toCsv } from '../../common/http/csv.js';
import { ListEvidenceQueryDto } from '../../modules/evidence/dto/evidence-input.dto.js';
import { EvidenceService } from '../../modules/evidence/evidence.service.js';
import {
  CreateOtjEntryDto,
  ListOtjEntriesQueryDto,
  SetOtjPlanDto,
} from '../../modules/otj/dto/otj-input.dto.js';
import { OtjEntriesService } from '../../modules/otj/otj-entries.service.js';
import { OtjEntryView } from '../../modules/otj/otj-entry-view.js';
import { OtjPlanService } from '../../modules/otj/otj-plan.service.js';
import { OtjProgressService } from '../../modules/otj/otj-progress.service.js';
import { otjChart } from '../charts/otj-chart.js';
import { dateFields, formErrorsOf, FormRejection, formText, validateForm } from '../forms.js';
import type { PostedForm } from '../forms.js';
import { pageLinks, pageNumber } from '../pagination.js';
import { WebPage } from '../web-page.decorator.js';
import { atCriteriaField, ENTRY_FRIENDLY, entryBody, withEntryRules } from './otj-form.js';
import { OtjEntryInput } from '../../modules/otj/otj-entry-input.js';

/** Entries on one page of the log, newest first; a year of daily entries is five pages or so. */
const LOG_PAGE = 50;

const csv = (res: Response, text: string, name: string) => {
  res.set({ 'Cache-Control': 'private, no-store', 'X-Content-Type-Options': 'nosniff' });
  return new StreamableFile(Buffer.from(text, 'utf8'), {
    type: 'text/csv; charset=utf-8',
    disposition: `attachment; filename="${name}"`,
  });
};

/** The off-the-job log of one apprenticeship: progress, chart, entries, adding one, the plan. */
@WebPage()
@Controller()
export class OtjPageController {
  constructor(
    private readonly apprenticeships: ApprenticeshipsService,
    private readonly evidence: EvidenceService,
    private readonly entries: OtjEntriesService,
    private readonly view: OtjEntryView,
    private readonly progress: OtjProgressService,
    private readonly plans: OtjPlanService,
    private readonly entryInput: OtjEntryInput,
    private readonly clock: Clock,
  ) {}

  @Get('portfolio/:id/otj')
  @Requires(Permission.OtjRead)
  @Render('otj/log.njk')
  async log(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Query('added') added?: unknown,
    @Query('page') page?: unknown,
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
      chart: otjChart(timeline, {
        id: 'otj-chart',
        subject: whose,
        plannedHours: summary.progress.plannedHours,
      }),
      canAdd: open && roleHolds(user.role, Permission.OtjLog),
      canPlan: open && roleHolds(user.role, Permission.OtjPlanSet),
      canDecide: open && roleHolds(user.role, Permission.OtjQueue),
    };
  }

  @Get('portfolio/:id/otj/add')
  @Requires(Permission.OtjLog)
  @Render('otj/add.njk')
  addForm(@UuidParam() id: string) {
    return this.formModel(id, dateFields('activityDate', this.clock.today()));
  }

  @Post('portfolio/:id/otj/add')
  @Requires(Permission.OtjLog)
  async add(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() form: PostedForm,
    @Res() res: Response,
  ) {
    const reject = async (errors: Parameters<typeof atCriteriaField>[0]) => {
      throw new FormRejection(
        'otj/add.njk',
        await this.formModel(id, form),
        atCriteriaField(errors),
      );
    };
    const { value, errors } = await validateForm(
      CreateOtjEntryDto,
      entryBody(form),
      ENTRY_FRIENDLY,
    );
    if (errors) {
      const [{ startDate }, unknownCriteria] = await Promise.all([
        this.apprenticeships.get(id),
        this.entryInput.unknownCriteria(id, entryBody(form).criteria as string[]),
      ]);
      const today = this.clock.today();
      return reject(withEntryRules(errors, form, { startDate, today, unknownCriteria }));
    }
    let created;
    try {
      created = await this.entries.create(user, id, value);
    } catch (error) {
      return reject(formErrorsOf(error, ENTRY_FRIENDLY));
    }
    res.redirect(303, `/portfolio/${id}/otj?added=${created.id}`);
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
    const number = (v?: string) => (v && /^\d+$/.test(v.trim()) ? Number(v.trim()) : v);
    const [plannedHours, rplHours, reason] = ['plannedHours', 'rplHours', 'reason'].map((name) =>
      formText(form[name]),
    );
    const body = {
      plannedHours: number(plannedHours),
      rplHours: rplHours?.trim() ? number(rplHours) : undefined,
      reason: reason?.trim() ? reason : undefined,
    };
    const friendly = { plannedHours: 'Enter the planned hours as a whole number' };
    const reject = async (errors: Parameters<typeof atCriteriaField>[0]) => {
      throw new FormRejection('otj/plan.njk', { ...(await this.planModel(id)), form }, errors);
    };
    const { value, errors } = await validateForm(SetOtjPlanDto, body, friendly);
    if (errors) return reject(errors);
    try {
      await this.plans.set(user, id, value);
    } catch (error) {
      return reject(formErrorsOf(error));
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

  private async formModel(id: string, form: PostedForm) {
    const query = Object.assign(new ListEvidenceQueryDto(), { limit: 200, offset: 0 });
    const [apprenticeship, rules, evidence] = await Promise.all([
      this.apprenticeships.get(id),
      this.progress.rules(id),
      this.evidence.list(id, query),
    ]);
    return {
      apprenticeship,
      form,
      categories: rules.categories,
      evidence: evidence.items.map((e) => ({ id: e.id, text: `${e.reference} ${e.title}` })),
    };
  }

  private async planModel(id: string) {
    const [apprenticeship, summary] = await Promise.all([
      this.apprenticeships.get(id),
      this.progress.summary(id),
    ]);
    return { apprenticeship, ...summary };
  }
}
