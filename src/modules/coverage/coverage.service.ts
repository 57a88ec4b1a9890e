import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuthUser } from '../../common/auth/auth-user.js';
import { AppError } from '../../common/errors/app-error.js';
import { apprenticeshipScope } from '../apprenticeships/apprenticeship-access.js';
import { ApprenticeshipsService } from '../apprenticeships/apprenticeships.service.js';
import { CohortsService } from '../cohorts/cohorts.service.js';
import { CriterionKind } from '../standards/entities/criterion.entity.js';
import { CohortCoverageDto } from './dto/cohort-coverage.dto.js';
import {
  ApprenticeshipCoverageDto,
  CoverageTotalsDto,
  CriterionCoverageDto,
  GapDto,
} from './dto/coverage.dto.js';
import { APPRENTICESHIP_COVERAGE_SQL, cohortCoverageSql } from './coverage-queries.js';
import { queryNamed } from './coverage-sql.js';

type Totals = Record<string, CoverageTotalsDto>;
type CriterionRow = Omit<CriterionCoverageDto, 'linkedKsbs'> & {
  position: number;
  linkedKsbs: CriterionCoverageDto['linkedKsbs'] | null;
};

const EMPTY: CoverageTotalsDto = { total: 0, evidenced: 0, claimed: 0, missing: 0, percent: 0 };
const totalsOf = (t: Totals, key: string): CoverageTotalsDto => t[key] ?? { ...EMPTY };

const toCriterion = ({ position: _, linkedKsbs, ...row }: CriterionRow): CriterionCoverageDto =>
  linkedKsbs ? { ...row, linkedKsbs } : row;

/**
 * Coverage of apprenticeships against their standard, computed in the database by the one rule
 * in coverage-sql.ts. `forApprenticeship` and `forCohort` check no access: the endpoints below
 * (and other features, such as the gateway portfolio) check it first.
 */
@Injectable()
export class CoverageService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly apprenticeships: ApprenticeshipsService,
    private readonly cohorts: CohortsService,
  ) {}

  /** GET /apprenticeships/:id/coverage: its apprentice, employer, provider and admins. */
  async apprenticeship(user: AuthUser, id: string): Promise<ApprenticeshipCoverageDto> {
    await this.apprenticeships.requireLive(user, id);
    return this.forApprenticeship(id);
  }

  /** GET /cohorts/:id/coverage: the cohort's provider and admins. */
  async cohort(user: AuthUser, id: string): Promise<CohortCoverageDto> {
    await this.cohorts.requireVisible(user, id);
    return this.forCohort(id, { viewer: user });
  }

  /** Coverage of one apprenticeship. No access check: callers check. 404 when it does not exist. */
  async forApprenticeship(
    apprenticeshipId: string,
    manager?: EntityManager,
  ): Promise<ApprenticeshipCoverageDto> {
    const [row] = await queryNamed<{
      code: string;
      version: string;
      threshold: number;
      criteria: CriterionRow[];
      totals: Totals;
    }>(manager ?? this.dataSource.manager, APPRENTICESHIP_COVERAGE_SQL, { apprenticeshipId });
    if (!row) throw AppError.notFound('Apprenticeship');
    const criteria = row.criteria.map(toCriterion);
    return {
      apprenticeshipId,
      standard: { code: row.code, version: row.version, evidenceThreshold: row.threshold },
      totals: {
        knowledge: totalsOf(row.totals, 'knowledge'),
        skill: totalsOf(row.totals, 'skill'),
        behaviour: totalsOf(row.totals, 'behaviour'),
        duty: totalsOf(row.totals, 'duty'),
      } satisfies Record<CriterionKind, CoverageTotalsDto>,
      overall: { all: totalsOf(row.totals, 'all'), ksb: totalsOf(row.totals, 'ksb') },
      criteria,
      gaps: criteria
        .filter((c) => c.status !== 'evidenced')
        .map((c) => ({ code: c.code, kind: c.kind, status: c.status }) as GapDto),
    };
  }

  /**
   * The cohort's apprentices × criteria matrix. No cohort-level access check: callers check.
   * With `viewer`, only apprenticeships the viewer may see are rows (belt and braces: a cohort's
   * apprenticeships all belong to its provider).
   */
  async forCohort(
    cohortId: string,
    options: { viewer?: AuthUser; manager?: EntityManager } = {},
  ): Promise<CohortCoverageDto> {
    const scope = options.viewer
      ? apprenticeshipScope(options.viewer, 'a')
      : { sql: 'true', params: {} };
    const [row] = await queryNamed<{
      name: string;
      code: string;
      version: string;
      threshold: number;
      columns: CohortCoverageDto['criteria'];
      rows: CohortCoverageDto['apprentices'];
      most_missing: CohortCoverageDto['mostMissing'];
    }>(
      options.manager ?? this.dataSource.manager,
      cohortCoverageSql(`a.cohort_id = :cohortId AND (${scope.sql})`),
      { ...scope.params, cohortId },
    );
    if (!row) throw AppError.notFound('Cohort');
    return {
      cohort: { id: cohortId, name: row.name },
      standard: { code: row.code, version: row.version, evidenceThreshold: row.threshold },
      criteria: row.columns,
      apprentices: row.rows,
      mostMissing: row.most_missing,
    };
  }
}
