import { Body, Controller, Get, Post, Query, Render, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CurrentUser } from '../../common/auth/decorators.js';
import { ORGANISATION_KINDS } from '../../common/vocabulary.js';
import { Permission, roleHolds } from '../../modules/access/permission.js';
import { Requires } from '../../modules/access/requires.decorator.js';
import {
  CreateOrganisationDto,
  ListOrganisationsQueryDto,
} from '../../modules/organisations/dto/organisation.dto.js';
import { OrganisationsService } from '../../modules/organisations/organisations.service.js';
import { FormRejection, validateForm } from '../forms.js';
import { WebPage } from '../web-page.decorator.js';
import { field, pagination, serviceFormErrors } from './admin-forms.js';
import type { PostedForm } from '../forms.js';

const FRIENDLY = {
  kind: 'Select what kind of organisation this is',
  name: 'Enter the name of the organisation',
  ukprn: 'Enter the UKPRN: 8 digits starting with 1, like 10012345',
  providerId: 'Choose the training provider this employer works with',
};

/** Organisations for the people who run the service: the list and adding one. */
@WebPage()
@Controller()
export class OrganisationsPageController {
  constructor(private readonly organisations: OrganisationsService) {}

  @Get('admin/organisations')
  // The page is for managing organisations: for those who may add one, not everyone who may list.
  @Requires(Permission.OrganisationCreate)
  async list(@CurrentUser() user: AuthUser, @Query() raw: PostedForm, @Res() res: Response) {
    const { value: query, errors } = await validateForm(ListOrganisationsQueryDto, {
      kind: field(raw, 'kind') || undefined,
      offset: field(raw, 'offset') || undefined,
    });
    if (errors) Object.assign(query, { kind: undefined, offset: 0 });
    const page = await this.organisations.list(user, Object.assign(query, { limit: 50 }));
    const added = field(raw, 'added');
    res.render('admin/organisations.njk', {
      organisations: page.items,
      total: page.total,
      kind: query.kind ?? '',
      kinds: ORGANISATION_KINDS,
      added: page.items.find((o) => o.id === added),
      pagination: pagination('/admin/organisations', page, { kind: query.kind }),
      canAdd: roleHolds(user.role, Permission.OrganisationCreate),
      anyKind: roleHolds(user.role, Permission.OrganisationCreateAnyKind),
    });
  }

  @Get('admin/organisations/new')
  @Requires(Permission.OrganisationCreate)
  @Render('admin/organisation-new.njk')
  form(@CurrentUser() user: AuthUser, @Query() raw: PostedForm) {
    // "Add an employer" links arrive with the kind chosen; any other value is ignored.
    const kind = ORGANISATION_KINDS.find((k) => k === field(raw, 'kind'));
    return this.formModel(user, { kind });
  }

  /** The same create as POST /api/organisations: a provider user adds employers of their own. */
  @Post('admin/organisations/new')
  @Requires(Permission.OrganisationCreate)
  async create(@CurrentUser() user: AuthUser, @Body() form: PostedForm, @Res() res: Response) {
    const anyKind = roleHolds(user.role, Permission.OrganisationCreateAnyKind);
    // A provider's form has no choice of kind; a posted one still meets the service's refusal.
    const kind = anyKind ? field(form, 'kind') : field(form, 'kind') || 'employer';
    const body = {
      kind,
      name: field(form, 'name'),
      ...(kind === 'provider' && field(form, 'ukprn') ? { ukprn: field(form, 'ukprn') } : {}),
      ...(kind === 'employer' && anyKind && field(form, 'providerId')
        ? { providerId: field(form, 'providerId') }
        : {}),
    };
    const { value, errors } = await validateForm(CreateOrganisationDto, body, FRIENDLY);
    const again = async (formErrors: NonNullable<typeof errors>) => {
      throw new FormRejection(
        'admin/organisation-new.njk',
        await this.formModel(user, form),
        formErrors,
      );
    };
    if (errors) return again(errors);
    let created;
    try {
      created = await this.organisations.create(user, value);
    } catch (error) {
      return again(serviceFormErrors(error, {}, FRIENDLY));
    }
    res.redirect(303, `/admin/organisations?added=${created.id}`);
  }

  private async formModel(user: AuthUser, form: PostedForm) {
    const anyKind = roleHolds(user.role, Permission.OrganisationCreateAnyKind);
    const providers = anyKind
      ? await this.organisations.list(
          user,
          Object.assign(new ListOrganisationsQueryDto(), { kind: 'provider', limit: 200 }),
        )
      : { items: [] };
    return { anyKind, kinds: ORGANISATION_KINDS, providers: providers.items, form };
  }
}
