import { Body, Controller, Get, Post, Query, Render, Res, StreamableFile } from '@nestjs/common';
import type { Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CurrentUser } from '../../common/auth/decorators.js';
import { PageQueryDto } from '../../common/dto/page.dto.js';
import { UuidParam } from '../../common/uuid-param.decorator.js';
import { Permission, roleHolds } from '../../modules/access/permission.js';
import { Requires } from '../../modules/access/requires.decorator.js';
import { CreateCohortDto } from '../../modules/cohorts/dto/cohort.dto.js';
import { CohortsService } from '../../modules/cohorts/cohorts.service.js';
import { cohortCoverageCsv, cohortCsvDisposition } from '../../modules/coverage/coverage-csv.js';
import { CoverageTimelineService } from '../../modules/coverage/coverage-timeline.service.js';
import { CoverageService } from '../../modules/coverage/coverage.service.js';
import { ListOrganisationsQueryDto } from '../../modules/organisations/dto/organisation.dto.js';
import { OrganisationsService } from '../../modules/organisations/organisations.service.js';
import { StandardsService } from '../../modules/standards/standards.service.js';
import { coverageChart } from '../charts/coverage-chart.js';
import type { PostedForm } from '../forms.js';
import { formErrorsOf, FormRejection, formText, validateForm } from '../forms.js';
import { WebPage } from '../web-page.decorator.js';
import { CohortMatrixQueryDto, MATRIX_SORTS, matrixModel, SORT_ORDERS } from './cohort-matrix.js';
import { cohortBody, COHORT_FRIENDLY, COHORT_REFUSALS } from './cohort-forms.js';

/** Enough for any provider's cohorts or organisations on one page (the API's largest page). */
export const firstPage = <T extends PageQueryDto>(dto: new () => T, fields: Partial<T> = {}) =>
  Object.assign(new dto(), { limit: 200, offset: 0 }, fields);

/**
 * A provider's cohorts: the list, creating one, and each cohort's page (the coloured matrix of
 * apprentices × criteria, sortable by links, its CSV, and its coverage over time). Page paths
 * stay clear of the API's (/api/cohorts…).
 */
@WebPage()
@Controller()
export class CohortsPageController {
  constructor(
    private readonly cohorts: CohortsService,
    private readonly coverage: CoverageService,
    private readonly timelines: CoverageTimelineService,
    private readonly standards: StandardsService,
    private readonly organisations: OrganisationsService,
  ) {}

  @Get('cohort-list')
  @Requires(Permission.CohortList)
  @Render('cohorts/list.njk')
  async list(@CurrentUser() user: AuthUser) {
    const page = await this.cohorts.list(user, firstPage(PageQueryDto));
    return {
      cohorts: page.items,
      total: page.total,
      canCreate: roleHolds(user.role, Permission.CohortCreate),
    };
  }

  @Get('cohort-list/new')
  @Requires(Permission.CohortCreate)
  @Render('cohorts/new.njk')
  newCohort(@CurrentUser() user: AuthUser) {
    return this.formModel(user, {});
  }

  /** The same create as POST /api/cohorts: the same DTO, then the same service. */
  @Post('cohort-list/new')
  @Requires(Permission.CohortCreate)
  async create(@CurrentUser() user: AuthUser, @Body() form: PostedForm, @Res() res: Response) {
    const { value, errors } = await validateForm(
      CreateCohortDto,
      cohortBody(form),
      COHORT_FRIENDLY,
    );
    if (errors)
      throw new FormRejection('cohorts/new.njk', await this.formModel(user, form), errors);
    let created;
    try {
      created = await this.cohorts.create(user, value);
    } catch (error) {
      const refused = formErrorsOf(error, COHORT_REFUSALS);
      throw new FormRejection('cohorts/new.njk', await this.formModel(user, form), refused);
    }
    res.redirect(303, `/cohorts/${created.id}/matrix?created=1`);
  }

  @Get('cohorts/:id/matrix')
  @Requires(Permission.CohortCoverageRead)
  @Render('cohorts/matrix.njk')
  async matrix(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Query() raw: PostedForm) {
    // A sort or order the page does not offer (an old or edited link) is ignored: the default.
    const query = Object.assign(new CohortMatrixQueryDto(), {
      sort: MATRIX_SORTS.find((s) => s === formText(raw.sort)) ?? 'name',
      order: SORT_ORDERS.find((o) => o === formText(raw.order)),
      created: formText(raw.created) === '1' ? '1' : undefined,
    });
    const [cohort, coverage, timeline] = await Promise.all([
      this.cohorts.get(id),
      this.coverage.forCohort(id, user),
      this.timelines.forCohort(id, user),
    ]);
    return {
      cohort,
      coverage,
      matrix: matrixModel(coverage, query, `/cohorts/${id}/matrix`),
      chart: coverageChart(timeline, { id: 'cohort-chart', subject: 'The cohort’s' }),
      created: query.created === '1',
      canAddApprenticeship: roleHolds(user.role, Permission.ApprenticeshipCreate),
    };
  }

  /** The API's cohort CSV (GET /api/cohorts/:id/coverage?format=csv), by cookie. */
  @Get('cohorts/:id/matrix.csv')
  @Requires(Permission.CohortCoverageRead)
  async csv(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const coverage = await this.coverage.forCohort(id, user);
    res.set({ 'Cache-Control': 'private, no-store', 'X-Content-Type-Options': 'nosniff' });
    return new StreamableFile(cohortCoverageCsv(coverage), {
      type: 'text/csv; charset=utf-8',
      disposition: cohortCsvDisposition(coverage.cohort.name),
    });
  }

  private async formModel(user: AuthUser, form: PostedForm) {
    const [standards, providers] = await Promise.all([
      this.standards.list(),
      // Someone outside any provider (an admin) says whose cohort it is.
      user.providerId
        ? null
        : this.organisations
            .list(user, firstPage(ListOrganisationsQueryDto, { kind: 'provider' }))
            .then((p) => p.items),
    ]);
    return { form, standards, providers };
  }
}
