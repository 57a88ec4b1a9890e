import { Controller, Get, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CurrentUser } from '../../common/auth/decorators.js';
import { ListApprenticeshipsQueryDto } from '../../modules/apprenticeships/dto/apprenticeship-input.dto.js';
import { ApprenticeshipsService } from '../../modules/apprenticeships/apprenticeships.service.js';
import { CoverageOverviewService } from '../../modules/coverage/coverage-overview.service.js';
import { CoverageOverviewQueryDto } from '../../modules/coverage/dto/coverage-overview.dto.js';
import { Permission, roleHolds } from '../../modules/access/permission.js';
import { Requires } from '../../modules/access/requires.decorator.js';
import { OtjDecisionsService } from '../../modules/otj/otj-decisions.service.js';
import { OtjQueueQueryDto } from '../../modules/otj/dto/otj-input.dto.js';
import { ReviewsToSign } from '../../modules/reviews/reviews-to-sign.js';
import { WebPage } from '../web-page.decorator.js';
import { pageLinks, pageNumber } from '../pagination.js';

const OVERVIEW_PAGE = 100;

/**
 * Everyone's first page: the apprenticeships they follow (an apprentice goes straight to theirs).
 * Those who run a provider see them as the provider overview: coverage, and who is at risk first.
 */
@WebPage()
@Controller()
export class HomePageController {
  constructor(
    private readonly apprenticeships: ApprenticeshipsService,
    private readonly overviews: CoverageOverviewService,
    private readonly reviewsToSign: ReviewsToSign,
    private readonly otj: OtjDecisionsService,
  ) {}

  @Get()
  @Requires(Permission.ApprenticeshipList)
  async home(@CurrentUser() user: AuthUser, @Query('page') page: unknown, @Res() res: Response) {
    // The access room has no object to check for the overview (GET /api/coverage/overview): the
    // role alone decides, and the service keeps to the caller's apprenticeships.
    if (roleHolds(user.role, Permission.ProviderOverviewRead)) {
      return this.overview(user, page, res);
    }
    const query = Object.assign(new ListApprenticeshipsQueryDto(), { limit: 200, offset: 0 });
    const list = await this.apprenticeships.list(user, query);
    if (user.role === 'apprentice' && list.items.length === 1) {
      return res.redirect(303, `/portfolio/${list.items[0].id}`);
    }
    res.render('home/home.njk', {
      apprenticeships: list.items,
      total: list.total,
      ...(await this.waiting(user)),
    });
  }

  /**
   * What waits for this person across every apprenticeship they follow: progress reviews their
   * signature is next on, and off-the-job entries they may approve.
   */
  private async waiting(user: AuthUser) {
    const mayDecide = roleHolds(user.role, Permission.OtjQueue);
    const query = Object.assign(new OtjQueueQueryDto(), { limit: 1, offset: 0 });
    const [toSign, otj] = await Promise.all([
      this.reviewsToSign.of(user),
      mayDecide ? this.otj.queue(user, query) : null,
    ]);
    return { toSign, otjWaiting: otj?.total ?? 0 };
  }

  private async overview(user: AuthUser, page: unknown, res: Response) {
    const number = pageNumber(page);
    const query = Object.assign(new CoverageOverviewQueryDto(), {
      limit: OVERVIEW_PAGE,
      offset: (number - 1) * OVERVIEW_PAGE,
    });
    const [overview, waiting] = await Promise.all([
      this.overviews.overview(user, query),
      this.waiting(user),
    ]);
    res.render('home/overview.njk', {
      ...waiting,
      items: overview.items.map((i) => ({
        ...i,
        elapsedPercent: Math.round(i.elapsedShare * 1000) / 10,
      })),
      total: overview.total,
      from: overview.items.length ? query.offset + 1 : 0,
      to: query.offset + overview.items.length,
      atRisk: overview.items.filter((i) => i.atRisk).length,
      pagination: pageLinks(overview.total, OVERVIEW_PAGE, number, (n) => `/?page=${n}`),
      showProvider: !user.providerId,
      canCreate: roleHolds(user.role, Permission.ApprenticeshipCreate),
      // "Waiting for review" opens the review queue for those who review, else the portfolio.
      canReview: roleHolds(user.role, Permission.EvidenceReviewQueue),
    });
  }
}
