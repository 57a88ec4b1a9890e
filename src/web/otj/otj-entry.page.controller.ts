import { Body, Controller, Get, Post, Render, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CurrentUser } from '../../common/auth/decorators.js';
import { Clock } from '../../common/clock/clock.js';
import { AppError } from '../../common/errors/app-error.js';
import { UuidParam } from '../../common/uuid-param.decorator.js';
import { Permission } from '../../modules/access/permission.js';
import { Requires } from '../../modules/access/requires.decorator.js';
import { ApprenticeshipsService } from '../../modules/apprenticeships/apprenticeships.service.js';
import { ListEvidenceQueryDto } from '../../modules/evidence/dto/evidence-input.dto.js';
import { EvidenceService } from '../../modules/evidence/evidence.service.js';
import { CreateOtjEntryDto, UpdateOtjEntryDto } from '../../modules/otj/dto/otj-input.dto.js';
import type { OtjEntryDto } from '../../modules/otj/dto/otj.dto.js';
import { OtjEntriesService } from '../../modules/otj/otj-entries.service.js';
import { OtjEntryInput } from '../../modules/otj/otj-entry-input.js';
import { OtjEntryView } from '../../modules/otj/otj-entry-view.js';
import { OtjProgressService } from '../../modules/otj/otj-progress.service.js';
import { dateFields, formErrorsOf, FormRejection, formText, validateForm } from '../forms.js';
import type { FormErrors, PostedForm } from '../forms.js';
import { SubmitOnce } from '../submit-once.js';
import { WebPage } from '../web-page.decorator.js';
import {
  atCriteriaField,
  ENTRY_FRIENDLY,
  ENTRY_REFUSALS,
  entryBody,
  entryForm,
  withEntryRules,
} from './otj-form.js';

const logOf = (apprenticeshipId: string) => `/portfolio/${apprenticeshipId}/otj`;

/**
 * One entry of the off-the-job log: adding it, and its author changing or deleting it while it
 * waits for a decision or after it was rejected (as PATCH and DELETE /api/otj/entries/:id, through
 * the same service). An approved entry stays as it is: a provider user reopens it to correct it.
 */
@WebPage()
@Controller()
export class OtjEntryPageController {
  constructor(
    private readonly apprenticeships: ApprenticeshipsService,
    private readonly evidence: EvidenceService,
    private readonly entries: OtjEntriesService,
    private readonly view: OtjEntryView,
    private readonly progress: OtjProgressService,
    private readonly entryInput: OtjEntryInput,
    private readonly clock: Clock,
  ) {}

  @Get('portfolio/:id/otj/add')
  @Requires(Permission.OtjLog)
  @Render('otj/add.njk')
  addForm(@UuidParam() id: string) {
    return this.formModel(id, dateFields('activityDate', this.clock.today()), null);
  }

  @Post('portfolio/:id/otj/add')
  @Requires(Permission.OtjLog)
  @SubmitOnce('otj.add')
  async add(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() form: PostedForm,
    @Res() res: Response,
  ) {
    const value = await this.valid(id, form, null);
    const created = await this.saved(id, form, null, () => this.entries.create(user, id, value));
    res.redirect(303, `${logOf(id)}?added=${created.id}`);
  }

  @Get('otj-entry/:id/change')
  @Requires(Permission.OtjEntryWrite)
  @Render('otj/add.njk')
  async changeForm(@CurrentUser() user: AuthUser, @UuidParam() id: string) {
    const entry = await this.changeable(user, id);
    return this.formModel(entry.apprenticeshipId, entryForm(entry), entry);
  }

  @Post('otj-entry/:id/change')
  @Requires(Permission.OtjEntryWrite)
  async change(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() form: PostedForm,
    @Res() res: Response,
  ) {
    const entry = await this.changeable(user, id);
    const value = await this.valid(entry.apprenticeshipId, form, entry);
    // Emptied on the form: the change takes the evidence or the start time away (left out, the
    // service would keep what the entry had).
    const emptied = (name: string) => !formText(form[name])?.trim();
    const change: UpdateOtjEntryDto = {
      ...value,
      evidenceId: emptied('evidenceId') ? null : value.evidenceId,
      startTime: emptied('startTime') ? null : value.startTime,
    };
    await this.saved(entry.apprenticeshipId, form, entry, () =>
      this.entries.update(user, id, change),
    );
    res.redirect(303, `${logOf(entry.apprenticeshipId)}?changed=${id}`);
  }

  @Get('otj-entry/:id/delete')
  @Requires(Permission.OtjEntryWrite)
  @Render('otj/delete.njk')
  async deleteForm(@CurrentUser() user: AuthUser, @UuidParam() id: string) {
    return this.deleteModel(await this.changeable(user, id));
  }

  @Post('otj-entry/:id/delete')
  @Requires(Permission.OtjEntryWrite)
  async delete(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Res() res: Response) {
    const entry = await this.changeable(user, id);
    try {
      await this.entries.remove(user, id);
    } catch (error) {
      const model = await this.deleteModel(entry);
      throw new FormRejection('otj/delete.njk', model, formErrorsOf(error), 409);
    }
    res.redirect(303, `${logOf(entry.apprenticeshipId)}?deleted=1`);
  }

  /**
   * The entry, when the signed-in person may change it now: the service's own checks, asked
   * before a form is offered, so that a form is never shown only to be refused.
   */
  private async changeable(user: AuthUser, id: string): Promise<OtjEntryDto> {
    const entry = await this.view.get(id);
    if (entry.author.id !== user.id) {
      throw AppError.forbidden('Only the person who logged an entry can change or delete it');
    }
    if (entry.status === 'approved') {
      throw AppError.conflict(
        'This entry has been approved, so it can no longer be changed or deleted. A training provider user can reopen it to correct it.',
      );
    }
    return entry;
  }

  /** The form as the DTO takes it; otherwise the form again, every problem named in one round. */
  private async valid(apprenticeshipId: string, form: PostedForm, entry: OtjEntryDto | null) {
    const body = entryBody(form);
    const { value, errors } = await validateForm(CreateOtjEntryDto, body, ENTRY_FRIENDLY);
    if (!errors) return value;
    const [{ startDate }, unknownCriteria] = await Promise.all([
      this.apprenticeships.get(apprenticeshipId),
      this.entryInput.unknownCriteria(apprenticeshipId, body.criteria as string[]),
    ]);
    const today = this.clock.today();
    const all = withEntryRules(errors, form, { startDate, today, unknownCriteria });
    return this.reject(apprenticeshipId, form, entry, all);
  }

  /** What `write` saved; its refusals as the form again. */
  private async saved<T>(
    apprenticeshipId: string,
    form: PostedForm,
    entry: OtjEntryDto | null,
    write: () => Promise<T>,
  ): Promise<T> {
    try {
      return await write();
    } catch (error) {
      return this.reject(apprenticeshipId, form, entry, formErrorsOf(error, ENTRY_REFUSALS));
    }
  }

  private async reject(
    apprenticeshipId: string,
    form: PostedForm,
    entry: OtjEntryDto | null,
    errors: FormErrors,
  ): Promise<never> {
    const model = await this.formModel(apprenticeshipId, form, entry);
    throw new FormRejection('otj/add.njk', model, atCriteriaField(errors, form));
  }

  /** The add form, or (with `entry`) the same form changing that entry. */
  private async formModel(id: string, form: PostedForm, entry: OtjEntryDto | null) {
    const query = Object.assign(new ListEvidenceQueryDto(), { limit: 200, offset: 0 });
    const [apprenticeship, rules, evidence] = await Promise.all([
      this.apprenticeships.get(id),
      this.progress.rules(id),
      this.evidence.list(id, query),
    ]);
    return {
      apprenticeship,
      form,
      entry,
      categories: rules.categories,
      evidence: evidence.items.map((e) => ({ id: e.id, text: `${e.reference} ${e.title}` })),
    };
  }

  private async deleteModel(entry: OtjEntryDto) {
    return { apprenticeship: await this.apprenticeships.get(entry.apprenticeshipId), entry };
  }
}
