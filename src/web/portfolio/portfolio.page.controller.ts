import { Controller, Get, Param, Query, Render } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CurrentUser } from '../../common/auth/decorators.js';
import { AppError } from '../../common/errors/app-error.js';
import { CRITERION_CODE } from '../../common/vocabulary.js';
import { UuidParam } from '../../common/uuid-param.decorator.js';
import { ApprenticeshipsService } from '../../modules/apprenticeships/apprenticeships.service.js';
import { CoverageTimelineService } from '../../modules/coverage/coverage-timeline.service.js';
import { CoverageService } from '../../modules/coverage/coverage.service.js';
import { ListEvidenceQueryDto } from '../../modules/evidence/dto/evidence-input.dto.js';
import { EvidenceService } from '../../modules/evidence/evidence.service.js';
import { Permission } from '../../modules/access/permission.js';
import { Requires } from '../../modules/access/requires.decorator.js';
import { roleHolds } from '../../modules/access/permission.js';
import { WebPage } from '../web-page.decorator.js';
import { coverageChart } from '../charts/coverage-chart.js';
import { coverageGrid } from './coverage-grid.js';
import { returnedFromReview } from './returned.js';
import { OtjProgressService } from '../../modules/otj/otj-progress.service.js';
import { GatewayService } from '../../modules/gateway/gateway.service.js';
import { ProgressReviewsService } from '../../modules/reviews/progress-reviews.service.js';
import { Clock } from '../../common/clock/clock.js';
import { REVIEW_PARTIES } from '../../common/vocabulary.js';
import { actionsFor } from './review-actions.js';

/** One apprenticeship's portfolio: coverage at a glance, what came back from review, the evidence. */
@WebPage()
@Controller()
export class PortfolioPageController {
  constructor(
    private readonly apprenticeships: ApprenticeshipsService,
    private readonly coverage: CoverageService,
    private readonly evidence: EvidenceService,
    private readonly timelines: CoverageTimelineService,
    private readonly otj: OtjProgressService,
    private readonly gateway: GatewayService,
    private readonly reviews: ProgressReviewsService,
    private readonly clock: Clock,
  ) {}

  @Get('portfolio/:id')
  @Requires(Permission.CoverageRead)
  @Render('portfolio/dashboard.njk')
  async dashboard(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Query('created') created?: unknown,
    @Query('deleted') deleted?: unknown,
  ) {
    const query = Object.assign(new ListEvidenceQueryDto(), { limit: 200, offset: 0 });
    // A party to the progress reviews (apprentice, employer, provider) sees those it must sign,
    // and the actions agreed at them that are its own.
    const party = REVIEW_PARTIES.find(
      (p) => p === user.role && roleHolds(p, Permission.ProgressReviewSign),
    );
    const [apprenticeship, coverage, evidence, timeline, progress, reviews] = await Promise.all([
      this.apprenticeships.get(id),
      this.coverage.forApprenticeship(id),
      this.evidence.list(id, query),
      this.timelines.forApprenticeship(id),
      this.otj.forApprenticeship(id),
      party ? this.reviewsWithLatest(id) : undefined,
    ]);
    const whose = user.role === 'apprentice' ? 'Your' : `${apprenticeship.apprentice.name}’s`;
    // Past gateway: the frozen version, the one the end-point assessor reads, comes first.
    const frozen =
      apprenticeship.status !== 'in_training' && roleHolds(user.role, Permission.GatewayRead)
        ? (await this.gateway.listSnapshots(id))[0]
        : undefined;
    return {
      apprenticeship,
      coverage,
      progress,
      frozen,
      grid: coverageGrid(coverage.criteria),
      chart: coverageChart(timeline, { id: 'coverage-chart', subject: whose }),
      // Set by the redirect after a provider adds the apprenticeship.
      created: created === '1',
      // After deleting a piece of evidence (EvidenceFilesPageController): its reference, said once.
      deleted: typeof deleted === 'string' && /^E\d{1,9}$/.test(deleted) ? deleted : undefined,
      evidence: evidence.items,
      toSign: (reviews?.list.reviews ?? []).filter((r) => r.nextToSign === user.role),
      // The actions the latest review leaves open for this person's side, soonest due first.
      yourActions:
        party && reviews
          ? actionsFor(reviews.latest, reviews.list.reviews, party, this.clock.today())
          : null,
      // What the apprentice has to act on, with the criteria a reviewer did not accept.
      returned: returnedFromReview(evidence.items, coverage.criteria),
      canAddEvidence:
        roleHolds(user.role, Permission.EvidenceCreate) && apprenticeship.status === 'in_training',
    };
  }

  /** Every review (newest first) and the newest one whole, for its actions: two calls, not N. */
  private async reviewsWithLatest(id: string) {
    const list = await this.reviews.list(id);
    const newest = list.reviews[0];
    return { list, latest: newest ? await this.reviews.get(newest.id) : null };
  }

  /**
   * One criterion of the portfolio, for the grid's cells: its whole text (the grid shows only the
   * code), where it stands, every piece of evidence tagged with it, and a way to add some.
   */
  @Get('portfolio/:id/criteria/:code')
  @Requires(Permission.CoverageRead)
  @Render('portfolio/criterion.njk')
  async criterion(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Param('code') code: string,
  ) {
    // A code that is not one (or not this standard's) names no page.
    const wanted = CRITERION_CODE.test(code) ? code : undefined;
    const [apprenticeship, coverage] = await Promise.all([
      this.apprenticeships.get(id),
      this.coverage.forApprenticeship(id),
    ]);
    const criterion = coverage.criteria.find((c) => c.code === wanted);
    if (!criterion) throw AppError.notFound('Criterion');
    return {
      apprenticeship,
      standard: coverage.standard,
      criterion,
      canAddEvidence:
        roleHolds(user.role, Permission.EvidenceCreate) && apprenticeship.status === 'in_training',
    };
  }
}
