import { Injectable } from '@nestjs/common';
import { AuthUser } from '../../common/auth/auth-user.js';
import { AppError } from '../../common/errors/app-error.js';
import { Database } from '../../common/database/database.js';
import { prepared } from '../../common/database/named-query.js';
import { apprenticeshipScope } from '../access/access-scopes.js';
import { CohortCoverageDto } from './dto/cohort-coverage.dto.js';
import { ApprenticeshipCoverageDto } from './dto/coverage.dto.js';
import { AccessService } from '../access/access.service.js';
import type { AccessCheck } from '../access/requires.decorator.js';
import {
  APPRENTICESHIP_COVERAGE_SQL,
  cohortCoverageSql,
  FROZEN_COVERAGE_SQL,
} from './coverage-queries.js';

/**
 * Coverage of apprenticeships against their standard, computed in the database by the one rule
 * in coverage-sql.ts. Access is the caller's: the routes declare it, other features (such as the
 * gateway portfolio) have checked it before they ask.
 */
@Injectable()
export class CoverageService {
  constructor(
    private readonly db: Database,
    private readonly access: AccessService,
  ) {}

  /**
   * Coverage of one apprenticeship; 404 when it does not exist. With `frozen`, counting only
   * accepted evidence (of `frozen.evidenceIds` when not null): what gateway would freeze.
   */
  async forApprenticeship(
    apprenticeshipId: string,
    frozen?: { evidenceIds: string[] | null },
  ): Promise<ApprenticeshipCoverageDto> {
    return JSON.parse(
      await this.apprenticeshipJson(apprenticeshipId, frozen),
    ) as ApprenticeshipCoverageDto;
  }

  /**
   * The same as the JSON text the database builds, for the API to send as it is (no parse and
   * serialise of a 130 KB answer on the event loop).
   */
  async apprenticeshipJson(
    apprenticeshipId: string,
    frozen?: { evidenceIds: string[] | null },
  ): Promise<string> {
    const [row] = await this.db.queryNamed<{ body: string }>(
      frozen ? FROZEN_COVERAGE_SQL : APPRENTICESHIP_COVERAGE_SQL,
      { apprenticeshipId, coverageEvidenceIds: frozen?.evidenceIds ?? null },
    );
    if (!row) throw AppError.notFound('Apprenticeship');
    return row.body;
  }

  /**
   * The live coverage's JSON text of the apprenticeship `check` names, the access check and the
   * coverage in one statement (the API's hottest read: one round trip fewer).
   */
  async checkedApprenticeshipJson(check: AccessCheck): Promise<string> {
    const body = await this.access.requireAndSelect<string>(
      check,
      APPRENTICESHIP_COVERAGE_SQL.sql,
      {
        apprenticeshipId: check.id,
        coverageEvidenceIds: null,
      },
    );
    if (body === undefined) throw AppError.notFound('Apprenticeship');
    return body;
  }

  /**
   * The cohort's apprentices × criteria matrix. With `viewer`, only apprenticeships the viewer
   * may see are rows (belt and braces: a cohort's apprenticeships all belong to its provider).
   */
  async forCohort(cohortId: string, viewer?: AuthUser): Promise<CohortCoverageDto> {
    const { sql, params } = cohortStatement(viewer);
    const [row] = await this.db.queryNamed<{ body: string }>(prepared(sql), {
      ...params,
      cohortId,
    });
    if (!row) throw AppError.notFound('Cohort');
    return JSON.parse(row.body) as CohortCoverageDto;
  }

  /** The same as JSON text, with the access check of `check` in the same statement. */
  async checkedCohortJson(check: AccessCheck): Promise<string> {
    const { sql, params } = cohortStatement(check.user);
    const body = await this.access.requireAndSelect<string>(check, sql, {
      ...params,
      cohortId: check.id,
    });
    if (body === undefined) throw AppError.notFound('Cohort');
    return body;
  }
}

/** The cohort statement, its rows narrowed to the apprenticeships `viewer` may see. */
function cohortStatement(viewer?: AuthUser): { sql: string; params: Record<string, unknown> } {
  const scope = viewer ? apprenticeshipScope(viewer, 'a') : { sql: 'true', params: {} };
  return {
    sql: cohortCoverageSql(`a.cohort_id = :cohortId AND (${scope.sql})`),
    params: scope.params,
  };
}
