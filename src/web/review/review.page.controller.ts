import { Body, Controller, Get, Post, Query, Render, Res } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import type { Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CurrentUser } from '../../common/auth/decorators.js';
import { PageQueryDto } from '../../common/dto/page.dto.js';
import { UuidParam } from '../../common/uuid-param.decorator.js';
import { AccessService } from '../../modules/access/access.service.js';
import { Permission } from '../../modules/access/permission.js';
import { Requires } from '../../modules/access/requires.decorator.js';
import { ApprenticeshipsService } from '../../modules/apprenticeships/apprenticeships.service.js';
import { CoverageService } from '../../modules/coverage/coverage.service.js';
import {
  EvidenceQueueQueryDto,
  ReviewEvidenceDto,
} from '../../modules/evidence/dto/evidence-input.dto.js';
import { EvidenceCommentsService } from '../../modules/evidence/evidence-comments.service.js';
import { EvidenceQueueService } from '../../modules/evidence/evidence-queue.service.js';
import { EvidenceReviewService } from '../../modules/evidence/evidence-review.service.js';
import { EvidenceService } from '../../modules/evidence/evidence.service.js';
import type { FormErrors, PostedForm } from '../forms.js';
import { formErrorsOf, FormRejection, inPageOrder, validateForm } from '../forms.js';
import { pageLinks } from '../pagination.js';
import { WebPage } from '../web-page.decorator.js';
import {
  atReviewFields,
  postedDecisions,
  reviewBody,
  reviewFriendly,
  reviewSummaryOrder,
  ruleFriendly,
  waitingFor,
  withDecisionErrors,
} from './review-form.js';

const PER_PAGE = 20;

export class ReviewQueueQueryDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  page = 1;

  /** `mine`: only the apprentices the tutor follows as their tutor. */
  @IsOptional()
  @IsIn(['all', 'mine'])
  whose: 'all' | 'mine' = 'all';

  /** Only this apprenticeship's evidence (from the provider overview's "Waiting for review"). */
  @IsOptional()
  @IsUUID()
  apprenticeship?: string;

  /** The evidence just reviewed, for the success banner. */
  @IsOptional()
  @IsUUID()
  reviewed?: string;
}

/** The tutor's review loop: the queue of submitted evidence, and deciding one piece tag by tag. */
@WebPage()
@Controller()
export class ReviewPageController {
  constructor(
    private readonly access: AccessService,
    private readonly apprenticeships: ApprenticeshipsService,
    private readonly coverage: CoverageService,
    private readonly evidence: EvidenceService,
    private readonly queueService: EvidenceQueueService,
    private readonly review: EvidenceReviewService,
    private readonly comments: EvidenceCommentsService,
  ) {}

  /** GET /api/evidence?status=submitted as a page: waiting longest first. */
  @Get('review-queue')
  @Requires(Permission.EvidenceReviewQueue)
  @Render('review/queue.njk')
  async queue(@CurrentUser() user: AuthUser, @Query() query: ReviewQueueQueryDto) {
    // Another provider's apprenticeship, or none, is a page not found like its portfolio.
    const only = query.apprenticeship;
    if (only) await this.access.require(user, Permission.EvidenceList, only);
    const page = await this.queueService.list(
      user,
      Object.assign(new EvidenceQueueQueryDto(), {
        status: 'submitted',
        limit: PER_PAGE,
        offset: (query.page - 1) * PER_PAGE,
        ...(query.whose === 'mine' ? { tutorId: user.id } : {}),
        ...(only ? { apprenticeshipId: only } : {}),
      }),
    );
    const filters = `${query.whose === 'mine' ? '&whose=mine' : ''}${only ? `&apprenticeship=${only}` : ''}`;
    return {
      items: page.items.map((e) => ({ ...e, waiting: waitingFor(e.waitingHours) })),
      total: page.total,
      whose: query.whose,
      only: only ? await this.apprenticeships.get(only) : null,
      pagination: pageLinks(
        page.total,
        PER_PAGE,
        query.page,
        (n) => `/review-queue?page=${n}${filters}`,
      ),
      reviewed: query.reviewed ? await this.reviewed(user, query.reviewed) : null,
      canReview: this.access.holds(user, Permission.EvidenceReview),
    };
  }

  @Get('evidence/:id/decide')
  @Requires(Permission.EvidenceReview)
  @Render('review/decide.njk')
  async form(@UuidParam() id: string) {
    return this.model(id, {});
  }

  /** The same decision as POST /api/evidence/:id/review, through the same service. */
  @Post('evidence/:id/decide')
  @Requires(Permission.EvidenceReview)
  async decide(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() form: PostedForm,
    @Res() res: Response,
  ) {
    const current = await this.evidence.get(id);
    const { codes, body } = reviewBody(form, current.tags);
    const reject = async (errors: FormErrors) => {
      const shown = inPageOrder(atReviewFields(errors, codes), reviewSummaryOrder(current.tags));
      throw new FormRejection('review/decide.njk', await this.model(id, form), shown);
    };
    // The form's shape and the review rule together, so every problem is named in one round.
    const { value, errors } = await validateForm(ReviewEvidenceDto, body, reviewFriendly(codes));
    const problems = withDecisionErrors(errors, value, current.tags, codes);
    if (problems) return reject(problems);
    try {
      await this.review.review(user, id, value);
    } catch (error) {
      return reject(formErrorsOf(error, ruleFriendly(codes)));
    }
    res.redirect(303, `/review-queue?reviewed=${id}`);
  }

  private async model(id: string, form: PostedForm) {
    const evidence = await this.evidence.get(id);
    const [apprenticeship, coverage, comments] = await Promise.all([
      this.apprenticeships.get(evidence.apprenticeshipId),
      this.coverage.forApprenticeship(evidence.apprenticeshipId),
      this.comments.list(id, Object.assign(new PageQueryDto(), { limit: 200, offset: 0 })),
    ]);
    const text = new Map(coverage.criteria.map((c) => [c.code, c.text]));
    return {
      evidence,
      apprenticeship,
      comments: comments.items,
      tags: evidence.tags.map((t) => ({ ...t, text: text.get(t.code) ?? '' })),
      posted: postedDecisions(form, evidence.tags),
      form,
    };
  }

  /** The evidence named in `?reviewed=`, if the caller may still see it (else no banner). */
  private async reviewed(user: AuthUser, id: string) {
    try {
      await this.access.require(user, Permission.EvidenceRead, id);
    } catch {
      return null;
    }
    const evidence = await this.evidence.get(id);
    const apprenticeship = await this.apprenticeships.get(evidence.apprenticeshipId);
    return { evidence, apprentice: apprenticeship.apprentice.name };
  }
}
