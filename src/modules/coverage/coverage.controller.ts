import { Controller, Get, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CurrentUser } from '../../common/auth/decorators.js';
import { ApiErrors } from '../../common/openapi/api-errors.decorator.js';
import { UuidParam } from '../../common/uuid-param.decorator.js';
import { CohortCoverageDto, CohortCoverageQueryDto } from './dto/cohort-coverage.dto.js';
import { CoverageOverviewPageDto, CoverageOverviewQueryDto } from './dto/coverage-overview.dto.js';
import { ApprenticeshipCoverageDto } from './dto/coverage.dto.js';
import { cohortCoverageCsv, cohortCsvDisposition } from './coverage-csv.js';
import { CoverageOverviewService } from './coverage-overview.service.js';
import { CoverageService } from './coverage.service.js';
import { Permission } from '../access/permission.js';
import { Requires } from '../access/requires.decorator.js';

@ApiTags('coverage')
@ApiBearerAuth()
@ApiErrors(401)
@Controller()
export class CoverageController {
  constructor(
    private readonly coverage: CoverageService,
    private readonly overviews: CoverageOverviewService,
  ) {}

  @Get('apprenticeships/:id/coverage')
  @Requires(Permission.CoverageRead)
  @ApiOperation({
    summary: 'Coverage of every criterion: evidenced, claimed or missing, with the evidence',
    description:
      'Evidenced: at least N accepted tags (N = the standard version’s evidenceThreshold). ' +
      'Claimed: tagged (claimed or accepted) but not yet evidenced. Missing: otherwise.',
  })
  @ApiOkResponse({ type: ApprenticeshipCoverageDto })
  @ApiErrors(404, 422)
  apprenticeship(@UuidParam() id: string) {
    return this.coverage.forApprenticeship(id);
  }

  @Get('cohorts/:id/coverage')
  @Requires(Permission.CohortCoverageRead)
  @ApiOperation({
    summary: 'Apprentices × criteria matrix and the criteria most often missing',
    description:
      '`?format=csv`: RFC 4180, UTF-8 with BOM, CRLF; columns Apprentice, ULN, Percent ' +
      'evidenced, then one per criterion code holding evidenced | claimed | missing.',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: CohortCoverageDto })
  @ApiErrors(404, 422)
  async cohort(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Query() query: CohortCoverageQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CohortCoverageDto | StreamableFile> {
    const coverage = await this.coverage.forCohort(id, user);
    if (query.format === 'json') return coverage;
    res.set({ 'Cache-Control': 'private, no-store', 'X-Content-Type-Options': 'nosniff' });
    return new StreamableFile(cohortCoverageCsv(coverage), {
      type: 'text/csv; charset=utf-8',
      disposition: cohortCsvDisposition(coverage.cohort.name),
    });
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
