import { Body, Controller, Get, Post, Query, Render, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CurrentUser } from '../../common/auth/decorators.js';
import { Clock } from '../../common/clock/clock.js';
import type { AppError } from '../../common/errors/app-error.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import { setPdfHeaders } from '../../common/http/file-response.js';
import { UuidParam } from '../../common/uuid-param.decorator.js';
import { REVIEW_PARTIES } from '../../common/vocabulary.js';
import { Permission, roleHolds } from '../../modules/access/permission.js';
import { Requires } from '../../modules/access/requires.decorator.js';
import { ApprenticeshipsService } from '../../modules/apprenticeships/apprenticeships.service.js';
import {
  CreateProgressReviewDto,
  UpdateProgressReviewDto,
} from '../../modules/reviews/dto/progress-review-input.dto.js';
import type { ProgressReviewDto } from '../../modules/reviews/dto/progress-review.dto.js';
import { ReviewPdfService } from '../../modules/reviews/pdf/review-pdf.service.js';
import { ProgressReviewsService } from '../../modules/reviews/progress-reviews.service.js';
import { ReviewSigningService } from '../../modules/reviews/review-signing.service.js';
import { isIsoDate } from '../../common/clock/calendar.js';
import { LATE_SIGNATURE_DAYS } from '../../modules/reviews/review-schedule.js';
import { formErrorsOf, FormRejection, validateForm } from '../forms.js';
import type { FormErrors, PostedForm } from '../forms.js';
import { SubmitOnce } from '../submit-once.js';
import { WebPage } from '../web-page.decorator.js';
import { formRuleProblems } from '../../modules/reviews/review-rules.js';
import { atFormFields, BLANK_ACTION_ROWS, reviewBody } from './progress-review-form.js';
import {
  reviewFormWords,
  reviewRuleWords,
  SIGN_WORDS,
  onEditForm,
  withRuleProblems,
} from './progress-review-errors.js';

const statusOf = (error: unknown) => ((error as AppError).code === ErrorCode.Conflict ? 409 : 422);
/** Where the edit form sends a review that can no longer change: its page, saying so. */
const unchangeable = (id: string) => `/progress-review/${id}?cannotChange=1`;

/**
 * Progress reviews in the browser (not the evidence review pages in ../review): the schedule,
 * the pre-filled form, each party's signature in turn and the signed PDF. The same services,
 * DTOs and refusals as /api/…/progress-reviews.
 */
@WebPage()
@Controller()
export class ProgressReviewsPageController {
  constructor(
    private readonly apprenticeships: ApprenticeshipsService,
    private readonly reviews: ProgressReviewsService,
    private readonly signing: ReviewSigningService,
    private readonly pdfs: ReviewPdfService,
    private readonly clock: Clock,
  ) {}

  @Get('portfolio/:id/progress-reviews')
  @Requires(Permission.ProgressReviewList)
  @Render('progress-reviews/list.njk')
  async list(@CurrentUser() user: AuthUser, @UuidParam() id: string) {
    const [apprenticeship, list] = await Promise.all([
      this.apprenticeships.get(id),
      this.reviews.list(id),
    ]);
    return {
      apprenticeship,
      ...list,
      lateDays: LATE_SIGNATURE_DAYS,
      canCreate:
        roleHolds(user.role, Permission.ProgressReviewCreate) && list.schedule.inPracticalPeriod,
    };
  }

  @Get('portfolio/:id/progress-reviews/new')
  @Requires(Permission.ProgressReviewCreate)
  @Render('progress-reviews/form.njk')
  async newForm(@UuidParam() id: string, @Query('meetingDate') meetingDate?: string) {
    const date = isIsoDate(meetingDate) ? meetingDate : this.clock.today();
    return this.formModel(id, null, { meetingDate: date });
  }

  @Post('portfolio/:id/progress-reviews/new')
  @Requires(Permission.ProgressReviewCreate)
  @SubmitOnce('progress_review.create')
  async create(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() form: PostedForm,
    @Res() res: Response,
  ) {
    const draft = await this.reviews.draft(id);
    const ids = draft.previousActions.map((a) => a.id);
    const { rows, sentIds, body } = reviewBody(form, ids);
    const again = async (errors: FormErrors, status = 422) => {
      const model = await this.formModel(id, null, form);
      const shown = atFormFields(errors, rows, sentIds);
      throw new FormRejection('progress-reviews/form.njk', model, shown, status);
    };
    const words = reviewFormWords(body, rows);
    const { value, errors } = await validateForm(CreateProgressReviewDto, body, words);
    if (errors) return again(await this.withRules(errors, body, rows, id));
    let created: ProgressReviewDto;
    try {
      created = await this.reviews.create(user, id, value);
    } catch (error) {
      return again(formErrorsOf(error, reviewRuleWords(error, rows)), statusOf(error));
    }
    res.redirect(303, `/progress-review/${created.id}`);
  }

  @Get('progress-review/:id')
  @Requires(Permission.ProgressReviewRead)
  @Render('progress-reviews/view.njk')
  async view(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Query('cannotChange') cannotChange?: unknown,
    @Query('signed') signed?: unknown,
  ) {
    const model = await this.viewModel(user, id);
    const mine = model.review.signatures.find((s) => s.party === model.myParty);
    return {
      ...model,
      cannotChange: cannotChange !== undefined && !model.review.editable,
      // Said once, after signing (the address says so), and only once it is signed.
      justSigned: signed !== undefined && !!mine?.signed,
    };
  }

  /** Signed, or followed by a later review: no form, but the review's page saying why. */
  @Get('progress-review/:id/edit')
  @Requires(Permission.ProgressReviewUpdate)
  async editForm(@UuidParam() id: string, @Res() res: Response) {
    const review = await this.reviews.get(id);
    if (!review.editable) return res.redirect(303, unchangeable(id));
    const model = await this.formModel(review.apprenticeshipId, review, {});
    res.render('progress-reviews/form.njk', model);
  }

  @Post('progress-review/:id/edit')
  @Requires(Permission.ProgressReviewUpdate)
  async update(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() form: PostedForm,
    @Res() res: Response,
  ) {
    const review = await this.reviews.get(id);
    if (!review.editable) return res.redirect(303, unchangeable(id));
    const { rows, sentIds, body } = reviewBody(
      form,
      review.previousActions.map((a) => a.id),
    );
    const again = async (errors: FormErrors, status = 422) => {
      const model = await this.formModel(review.apprenticeshipId, review, form);
      const shown = atFormFields(errors, rows, sentIds);
      throw new FormRejection('progress-reviews/form.njk', model, shown, status);
    };
    const words = reviewFormWords(body, rows);
    const { value, errors } = await validateForm(UpdateProgressReviewDto, body, words);
    if (errors) return again(await this.withRules(errors, body, rows, review.apprenticeshipId, id));
    try {
      await this.reviews.update(user, id, value);
    } catch (error) {
      return again(formErrorsOf(error, reviewRuleWords(error, rows)), statusOf(error));
    }
    res.redirect(303, `/progress-review/${id}`);
  }

  /** The caller signs their own party's signature, as POST /api/progress-reviews/:id/signatures. */
  @Post('progress-review/:id/sign')
  @Requires(Permission.ProgressReviewSign)
  @SubmitOnce('progress_review.sign')
  async sign(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Res() res: Response) {
    try {
      await this.signing.sign(user, id);
    } catch (error) {
      const model = await this.viewModel(user, id);
      const ids = model.review.previousActions.map((a) => a.id);
      // What is missing is filled in on the review's form: each link goes to its field there.
      const errors = onEditForm(id, atFormFields(formErrorsOf(error, SIGN_WORDS), [], ids));
      throw new FormRejection('progress-reviews/view.njk', model, errors, statusOf(error));
    }
    res.redirect(303, `/progress-review/${id}?signed=1#signatures`);
  }

  @Get('progress-review/:id/review.pdf')
  @Requires(Permission.ProgressReviewRead)
  async pdf(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Res() res: Response) {
    const { bytes, fileName } = await this.pdfs.pdf(user, id);
    setPdfHeaders(res, fileName);
    res.send(bytes);
  }

  /** The form's errors and, in the same round, the rules its well-formed fields break. */
  private async withRules(
    errors: FormErrors,
    body: ReturnType<typeof reviewBody>['body'],
    rows: number[],
    apprenticeshipId: string,
    reviewId?: string,
  ): Promise<FormErrors> {
    const bounds = await this.reviews.meetingBounds(apprenticeshipId, reviewId);
    const dueDates = (body.actions ?? []).map((a) => a.dueDate);
    return withRuleProblems(errors, formRuleProblems(body, dueDates, bounds), rows);
  }

  private async viewModel(user: AuthUser, id: string) {
    const review = await this.reviews.get(id);
    const apprenticeship = await this.apprenticeships.get(review.apprenticeshipId);
    const mine = REVIEW_PARTIES.find((p) => p === user.role);
    return {
      apprenticeship,
      review,
      lateDays: LATE_SIGNATURE_DAYS,
      canEdit: roleHolds(user.role, Permission.ProgressReviewUpdate) && review.editable,
      myParty: mine ?? null,
      canSign:
        roleHolds(user.role, Permission.ProgressReviewSign) &&
        !!mine &&
        review.signatures.some((s) => s.party === mine && !s.signed),
    };
  }

  /** The form: a new review pre-filled from the draft, or an unsigned one with its own values. */
  private async formModel(
    apprenticeshipId: string,
    review: ProgressReviewDto | null,
    form: PostedForm,
  ) {
    const apprenticeship = await this.apprenticeships.get(apprenticeshipId);
    const posted = Object.keys(form).some((k) => k !== 'meetingDate');
    const meetingDate = isIsoDate(form.meetingDate)
      ? form.meetingDate
      : (review?.meetingDate ?? this.clock.today());
    const draft = review ?? (await this.reviews.draft(apprenticeshipId, meetingDate));
    const actionRows = [
      ...(review?.actions ?? []),
      ...Array.from({ length: BLANK_ACTION_ROWS }, () => ({
        description: '',
        owner: '',
        dueDate: '',
      })),
    ];
    return {
      apprenticeship,
      review,
      changes: draft.changes,
      previousActions: draft.previousActions,
      actionRows,
      form: posted
        ? form
        : {
            meetingDate,
            trainingPlanProgress: review?.trainingPlanProgress ?? '',
            concerns: review?.concerns ?? '',
            supportAndWellbeing: review?.supportAndWellbeing ?? '',
            epaReadiness: review?.epaReadiness ?? '',
            nextReviewDate: draft.nextReviewDate,
            nextReviewLaterReason: review?.nextReviewLaterReason ?? '',
            ...Object.fromEntries(
              draft.previousActions.map((a) => [`status-${a.id}`, a.status ?? '']),
            ),
            ...Object.fromEntries(
              actionRows.flatMap((a, n) => [
                [`actions-${n}-description`, a.description],
                [`actions-${n}-owner`, a.owner],
                [`actions-${n}-dueDate`, a.dueDate],
              ]),
            ),
          },
    };
  }
}
