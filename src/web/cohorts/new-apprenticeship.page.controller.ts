import { Body, Controller, Get, Post, Query, Render, Res } from '@nestjs/common';
import { IsOptional, IsUUID } from 'class-validator';
import type { Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CurrentUser } from '../../common/auth/decorators.js';
import { PageQueryDto } from '../../common/dto/page.dto.js';
import { Permission } from '../../modules/access/permission.js';
import { Requires } from '../../modules/access/requires.decorator.js';
import { ApprenticeshipsService } from '../../modules/apprenticeships/apprenticeships.service.js';
import { CreateApprenticeshipDto } from '../../modules/apprenticeships/dto/apprenticeship-input.dto.js';
import { CohortsService } from '../../modules/cohorts/cohorts.service.js';
import { ListOrganisationsQueryDto } from '../../modules/organisations/dto/organisation.dto.js';
import { OrganisationsService } from '../../modules/organisations/organisations.service.js';
import { StandardsService } from '../../modules/standards/standards.service.js';
import { ListUsersQueryDto } from '../../modules/users/dto/user-input.dto.js';
import { UsersService } from '../../modules/users/users.service.js';
import type { Role } from '../../common/vocabulary.js';
import type { PostedForm } from '../forms.js';
import { formErrorsOf, FormRejection, validateForm } from '../forms.js';
import { WebPage } from '../web-page.decorator.js';
import {
  APPRENTICESHIP_FRIENDLY,
  APPRENTICESHIP_REFUSALS,
  apprenticeshipBody,
} from './cohort-forms.js';
import { firstPage } from './cohorts.page.controller.js';

export class NewApprenticeshipQueryDto {
  /** Arriving from a cohort's page: that cohort is chosen already. */
  @IsOptional()
  @IsUUID()
  cohortId?: string;
}

/** A provider starts an apprenticeship: the API's DTO and service, with pickers for the people. */
@WebPage()
@Controller()
export class NewApprenticeshipPageController {
  constructor(
    private readonly apprenticeships: ApprenticeshipsService,
    private readonly cohorts: CohortsService,
    private readonly users: UsersService,
    private readonly organisations: OrganisationsService,
    private readonly standards: StandardsService,
  ) {}

  @Get('new-apprenticeship')
  @Requires(Permission.ApprenticeshipCreate)
  @Render('apprenticeships/new.njk')
  form(@CurrentUser() user: AuthUser, @Query() query: NewApprenticeshipQueryDto) {
    return this.formModel(user, { cohortId: query.cohortId });
  }

  /** The same create as POST /api/apprenticeships; lands on the new portfolio. */
  @Post('new-apprenticeship')
  @Requires(Permission.ApprenticeshipCreate)
  async create(@CurrentUser() user: AuthUser, @Body() form: PostedForm, @Res() res: Response) {
    const { value, errors } = await validateForm(
      CreateApprenticeshipDto,
      apprenticeshipBody(form),
      APPRENTICESHIP_FRIENDLY,
    );
    const reject = async (e: NonNullable<typeof errors>) => {
      throw new FormRejection('apprenticeships/new.njk', await this.formModel(user, form), e);
    };
    if (errors) return reject(errors);
    let created;
    try {
      created = await this.apprenticeships.create(user, value);
    } catch (error) {
      return reject(formErrorsOf(error, APPRENTICESHIP_REFUSALS));
    }
    res.redirect(303, `/portfolio/${created.id}?created=1`);
  }

  private async formModel(user: AuthUser, form: PostedForm) {
    const people = (role: Role) =>
      this.users.list(user, firstPage(ListUsersQueryDto, { role })).then((p) => p.items);
    const orgs = (kind: 'employer' | 'provider') =>
      this.organisations
        .list(user, firstPage(ListOrganisationsQueryDto, { kind }))
        .then((p) => p.items);
    const [apprentices, tutors, assessors, employers, cohorts, standards, providers] =
      await Promise.all([
        people('apprentice'),
        people('provider'),
        people('assessor'),
        orgs('employer'),
        this.cohorts.list(user, firstPage(PageQueryDto)).then((p) => p.items),
        this.standards.list(),
        // Someone outside any provider (an admin) says whose apprenticeship it is.
        user.providerId ? null : orgs('provider'),
      ]);
    return { form, apprentices, tutors, assessors, employers, cohorts, standards, providers };
  }
}
