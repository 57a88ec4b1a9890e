import { Controller, Get, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CurrentUser } from '../../common/auth/decorators.js';
import { sendJsonText } from '../../common/http/json-text.js';
import { ApiErrors } from '../../common/openapi/api-errors.decorator.js';
import { UuidParam } from '../../common/uuid-param.decorator.js';
import { CohortCoverageDto, CohortCoverageQueryDto } from './dto/cohort-coverage.dto.js';
import { CoverageOverviewPageDto, CoverageOverviewQueryDto } from './dto/coverage-overview.dto.js';
import { ApprenticeshipCoverageDto } from './dto/coverage.dto.js';
import { CoverageTimelineDto } from './dto/coverage-timeline.dto.js';
import { cohortCoverageCsv, cohortCsvDisposition } from './coverage-csv.js';
import { CoverageOverviewService } from './coverage-overview.service.js';
import { CoverageTimelineService } from './coverage-timeline.service.js';
import { CoverageService } from './coverage.service.js';
import { Permission } from '../access/permission.js';
import {
  type AccessCheck,
  Checked,
  Requires,
  RequiresInStatement,
} from '../access/requires.decorator.js';

@ApiTags('coverage')
@ApiBearerAuth()
@ApiErrors(401)
@Controller()
export class CoverageController {
  constructor(
    private readonly coverage: CoverageService,
    private readonly overviews: CoverageOverviewService,
    private readonly timelines: CoverageTimelineService,
  ) {}

  @Get('apprenticeships/:id/coverage')
  @RequiresInStatement(Permission.CoverageRead)
  @ApiOperation({
    summary: 'Coverage of every criterion: evidenced, claimed or missing, with the evidence',
    description:
      'Evidenced: at least N accepted tags (N = the standard version’s evidenceThreshold). ' +
      'Claimed: tagged (claimed or accepted) but not yet evidenced. Missing: otherwise.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: ApprenticeshipCoverageDto })
  @ApiErrors(404, 422)
  async apprenticeship(@Checked() check: AccessCheck, @Res() res: Response) {
    // The database's JSON as it is: no parse and serialise of a 100 KB answer on the event loop.
    sendJsonText(res, await this.coverage.checkedApprenticeshipJson(check));
  }

  @Get('apprenticeships/:id/coverage/timeline')
  @Requires(Permission.CoverageRead)
  @ApiOperation({
    summary: 'Criteria evidenced by month, against the share of time elapsed',
    description:
      'A criterion counts from the month its Nth accepted tag was decided (the coverage rule); ' +
      'the elapsed share is the at-risk rule’s, at each month’s end (today in the current one).',
  })
  @ApiOkResponse({ type: CoverageTimelineDto })
  @ApiErrors(404, 422)
  apprenticeshipTimeline(@UuidParam() id: string) {
    return this.timelines.forApprenticeship(id);
  }

  @Get('cohorts/:id/coverage')
  @RequiresInStatement(Permission.CohortCoverageRead)
  @ApiOperation({
    summary: 'Apprentices × criteria matrix and the criteria most often missing',
    description:
      '`?format=csv`: RFC 4180, UTF-8 with BOM, CRLF; columns Apprentice, ULN, Percent ' +
      'evidenced, then one per criterion code holding evidenced | claimed | missing.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: CohortCoverageDto })
  @ApiErrors(404, 422)
  async cohort(
    @Checked() check: AccessCheck,
    @Query() query: CohortCoverageQueryDto,
    @Res() res: Response,
  ): Promise<void> {
    const json = await this.coverage.checkedCohortJson(check);
    // The database's JSON as it is; the CSV is made from the same answer.
    if (query.format === 'json') return sendJsonText(res, json);
    const coverage = JSON.parse(json) as CohortCoverageDto;
    res.set({
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': cohortCsvDisposition(coverage.cohort.name),
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    res.send(cohortCoverageCsv(coverage));
  }

  @Get('cohorts/:id/coverage/timeline')
  @Requires(Permission.CohortCoverageRead)
  @ApiOperation({
    summary: 'The cohort’s criteria evidenced by month, against the share of time elapsed',
    description:
      'Evidenced criteria summed over its apprenticeships, elapsed shares averaged; before an ' +
      'apprenticeship starts it counts as nothing, after its last month as it stood then.',
  })
  @ApiOkResponse({ type: CoverageTimelineDto })
  @ApiErrors(404, 422)
  cohortTimeline(@CurrentUser() user: AuthUser, @UuidParam() id: string) {
    return this.timelines.forCohort(id, user);
  }

  @Get('coverage/overview')
  @Requires(Permission.ProviderOverviewRead)
  @ApiOperation({
    summary: 'Every apprenticeship you train, those falling behind first',
    description:
      'At risk: in training and the percent evidenced is behind the share of time elapsed ' +
      'from start to planned gateway. Ordered at risk first, then by shortfall.',
  })
  @ApiOkResponse({ type: CoverageOverviewPageDto })
  @ApiErrors(403, 422)
  overview(@CurrentUser() user: AuthUser, @Query() query: CoverageOverviewQueryDto) {
    return this.overviews.overview(user, query);
  }
}
