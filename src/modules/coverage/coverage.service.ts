import { Injectable } from '@nestjs/common';
import { AuthUser } from '../../common/auth/auth-user.js';
import { AppError } from '../../common/errors/app-error.js';
import { Database } from '../../common/database/database.js';
import { prepared } from '../../common/database/named-query.js';
import { apprenticeshipScope } from '../access/access-scopes.js';
import { CohortCoverageDto } from './dto/cohort-coverage.dto.js';
import {
  ApprenticeshipCoverageDto,
  CoverageTotalsDto,
  CriterionCoverageDto,
  GapDto,
} from './dto/coverage.dto.js';
import {
  APPRENTICESHIP_COVERAGE_JSON_SQL,
  APPRENTICESHIP_COVERAGE_SQL,
  cohortCoverageSql,
  FROZEN_COVERAGE_SQL,
} from './coverage-queries.js';
import type { CriterionKind } from '../../common/vocabulary.js';

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
 * in coverage-sql.ts. Access is the caller's: the routes declare it, other features (such as the
 * gateway portfolio) have checked it before they ask.
 */
@Injectable()
export class CoverageService {
  constructor(private readonly db: Database) {}

  /**
   * Coverage of one apprenticeship; 404 when it does not exist. With `frozen`, counting only
   * accepted evidence (of `frozen.evidenceIds` when not null): what gateway would freeze.
   */
  async forApprenticeship(
    apprenticeshipId: string,
    frozen?: { evidenceIds: string[] | null },
  ): Promise<ApprenticeshipCoverageDto> {
    const [row] = await this.db.queryNamed<{
      code: string;
      version: string;
      threshold: number;
      criteria: CriterionRow[];
      totals: Totals;
    }>(frozen ? FROZEN_COVERAGE_SQL : APPRENTICESHIP_COVERAGE_SQL, {
      apprenticeshipId,
      coverageEvidenceIds: frozen?.evidenceIds ?? null,
    });
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
   * The same as forApprenticeship, as the JSON text of an ApprenticeshipCoverageDto built by the
   * database, for the API to send as it is; 404 when the apprenticeship does not exist.
   */
  async apprenticeshipJson(apprenticeshipId: string): Promise<string> {
    const [row] = await this.db.queryNamed<{ body: string }>(APPRENTICESHIP_COVERAGE_JSON_SQL, {
      apprenticeshipId,
    });
    if (!row) throw AppError.notFound('Apprenticeship');
    return row.body;
  }

  /**
   * The cohort's apprentices × criteria matrix. With `viewer`, only apprenticeships the viewer
   * may see are rows (belt and braces: a cohort's apprenticeships all belong to its provider).
   */
  async forCohort(cohortId: string, viewer?: AuthUser): Promise<CohortCoverageDto> {
    const scope = viewer ? apprenticeshipScope(viewer, 'a') : { sql: 'true', params: {} };
    const [row] = await this.db.queryNamed<{
      name: string;
      code: string;
      version: string;
      threshold: number;
      columns: CohortCoverageDto['criteria'];
      rows: CohortCoverageDto['apprentices'];
      most_missing: CohortCoverageDto['mostMissing'];
    }>(prepared(cohortCoverageSql(`a.cohort_id = :cohortId AND (${scope.sql})`)), {
      ...scope.params,
      cohortId,
    });
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
