import { Injectable } from '@nestjs/common';
import { AuthUser } from '../../common/auth/auth-user.js';
import { Clock } from '../../common/clock/clock.js';
import { Page, toPage } from '../../common/dto/page.dto.js';
import { Database } from '../../common/database/database.js';
import { prepared } from '../../common/database/named-query.js';
import { apprenticeshipScope } from '../access/access-scopes.js';
import { CoverageOverviewItemDto, CoverageOverviewQueryDto } from './dto/coverage-overview.dto.js';
import { overviewSql } from './coverage-queries.js';
import { OtjProgressService } from '../otj/otj-progress.service.js';
import type { ApprenticeshipStatus } from '../../common/vocabulary.js';

interface OverviewRow {
  apprenticeship_id: string;
  apprentice_id: string;
  apprentice_name: string;
  provider_id: string;
  provider_name: string;
  cohort_id: string | null;
  cohort_name: string | null;
  tutor_id: string;
  tutor_name: string;
  status: ApprenticeshipStatus;
  start: string;
  gateway: string;
  percent: number;
  total: number;
  evidenced: number;
  days_to_gateway: number;
  elapsed_share: number;
  shortfall_points: number;
  at_risk: boolean;
  full_count: number;
  awaiting_review: number;
  next_review_due: string | null;
  review_overdue: boolean;
}

const toItem = (r: OverviewRow): Omit<CoverageOverviewItemDto, 'otj'> => ({
  apprenticeshipId: r.apprenticeship_id,
  apprentice: { id: r.apprentice_id, name: r.apprentice_name },
  provider: { id: r.provider_id, name: r.provider_name },
  cohort: r.cohort_id ? { id: r.cohort_id, name: r.cohort_name! } : null,
  tutor: { id: r.tutor_id, name: r.tutor_name },
  status: r.status,
  startDate: r.start,
  plannedGatewayDate: r.gateway,
  percentEvidenced: r.percent,
  gaps: r.total - r.evidenced,
  daysToGateway: r.days_to_gateway,
  elapsedShare: r.elapsed_share,
  shortfall: r.shortfall_points,
  atRisk: r.at_risk,
  awaitingReview: r.awaiting_review,
  nextReviewDue: r.next_review_due,
  reviewOverdue: r.review_overdue,
});

/** The provider's view of every apprenticeship it trains: who is falling behind, first. */
@Injectable()
export class CoverageOverviewService {
  constructor(
    private readonly db: Database,
    private readonly otj: OtjProgressService,
    private readonly clock: Clock,
  ) {}

  async overview(
    user: AuthUser,
    query: CoverageOverviewQueryDto,
  ): Promise<Page<CoverageOverviewItemDto>> {
    const scope = apprenticeshipScope(user, 'a');
    const filters = [`(${scope.sql})`];
    if (query.providerId) filters.push('a.provider_id = :filterProvider');
    if (query.cohortId) filters.push('a.cohort_id = :filterCohort');
    if (query.tutorId) filters.push('a.tutor_id = :filterTutor');
    if (query.status) filters.push('a.status = :filterStatus');
    const params = {
      ...scope.params,
      filterProvider: query.providerId,
      filterCohort: query.cohortId,
      filterTutor: query.tutorId,
      filterStatus: query.status,
      today: this.clock.today(),
      pageLimit: query.limit,
      pageOffset: query.offset,
    };
    const sql = prepared(overviewSql(filters.join(' AND ')));
    const rows = await this.db.queryNamed<OverviewRow>(sql, params);
    // Past the last page the window count is absent: count without the page instead.
    const total =
      rows[0]?.full_count ??
      (query.offset === 0
        ? 0
        : ((
            await this.db.queryNamed<OverviewRow>(sql, { ...params, pageOffset: 0, pageLimit: 1 })
          )[0]?.full_count ?? 0));
    // Off-the-job progress beside coverage: the page's apprenticeships in one more statement.
    const otj = await this.otj.forApprenticeships(rows.map((r) => r.apprenticeship_id));
    return toPage(
      rows.map((r) => ({ ...toItem(r), otj: otj.get(r.apprenticeship_id)! })),
      total,
      query,
    );
  }
}
