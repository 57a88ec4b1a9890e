import { Injectable } from '@nestjs/common';
import { AuthUser } from '../../common/auth/auth-user.js';
import { Clock } from '../../common/clock/clock.js';
import { Database } from '../../common/database/database.js';
import { prepared } from '../../common/database/named-query.js';
import { apprenticeshipScope } from '../access/access-scopes.js';
import { timelineOf, timelineSql } from './coverage-timeline.js';
import type { CoverageTimeline, TimelineRow } from './coverage-timeline.js';

/**
 * Coverage over time: criteria evidenced by month against the share of time elapsed, for one
 * apprenticeship or a cohort. Access is the caller's, as for CoverageService.
 */
@Injectable()
export class CoverageTimelineService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  forApprenticeship(apprenticeshipId: string): Promise<CoverageTimeline> {
    return this.run('a.id = :apprenticeshipId', { apprenticeshipId });
  }

  /** The cohort's apprenticeships the viewer may see, as one series. */
  forCohort(cohortId: string, viewer: AuthUser): Promise<CoverageTimeline> {
    const scope = apprenticeshipScope(viewer, 'a');
    return this.run(`a.cohort_id = :cohortId AND (${scope.sql})`, { ...scope.params, cohortId });
  }

  private async run(scope: string, params: Record<string, unknown>): Promise<CoverageTimeline> {
    const rows = await this.db.queryNamed<TimelineRow>(prepared(timelineSql(scope)), {
      ...params,
      today: this.clock.today(),
    });
    return timelineOf(rows);
  }
}
