import { Body, Controller, Get, Ip, Post, Query, Render, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CurrentUser } from '../../common/auth/decorators.js';
import { UuidParam } from '../../common/uuid-param.decorator.js';
import { ROLES } from '../../common/vocabulary.js';
import { PROVIDER_MANAGED_ROLES } from '../../modules/access/access-scopes.js';
import { AccessService } from '../../modules/access/access.service.js';
import { Permission, roleHolds } from '../../modules/access/permission.js';
import { Requires } from '../../modules/access/requires.decorator.js';
import { ListOrganisationsQueryDto } from '../../modules/organisations/dto/organisation.dto.js';
import { OrganisationsService } from '../../modules/organisations/organisations.service.js';
import {
  CreateUserDto,
  ListUsersQueryDto,
  UpdateUserDto,
} from '../../modules/users/dto/user-input.dto.js';
import type { UserDto } from '../../modules/users/dto/user.dto.js';
import { UsersService } from '../../modules/users/users.service.js';
import { FormRejection, validateForm } from '../forms.js';
import { WebPage } from '../web-page.decorator.js';
import { field, pagination, serviceFormErrors } from './admin-forms.js';
import type { PostedForm } from '../forms.js';

const FRIENDLY = {
  email: 'Enter an email address in the correct format, like name@example.com',
  name: 'Enter their full name',
  role: 'Select their role',
  password: 'Enter a first password for them',
  organisationId: 'Choose the organisation they belong to',
  q: 'Search with fewer or shorter words',
  disabled: 'This account cannot be disabled here',
};
/** The service's own words about these are more useful than a fixed sentence. */
const SUBJECTS = { password: 'The password', organisationId: 'The organisation' };
const SERVICE_FRIENDLY = {
  email: FRIENDLY.email,
  name: FRIENDLY.name,
  role: FRIENDLY.role,
  disabled: FRIENDLY.disabled,
};

/** People: the list (search, role, organisation), adding someone, and disabling an account. */
@WebPage()
@Controller()
export class UsersPageController {
  constructor(
    private readonly users: UsersService,
    private readonly organisations: OrganisationsService,
    private readonly access: AccessService,
  ) {}

  @Get('admin/users')
  // The page is for managing people: for those who may add them, not everyone who may list.
  @Requires(Permission.UserCreate)
  @Render('admin/users.njk')
  async list(@CurrentUser() user: AuthUser, @Query() raw: PostedForm) {
    return this.listModel(user, raw);
  }

  @Get('admin/users/new')
  @Requires(Permission.UserCreate)
  @Render('admin/user-new.njk')
  form(@CurrentUser() user: AuthUser, @Query() raw: PostedForm) {
    // "Add an apprentice" links arrive with the role chosen; any other value is ignored.
    return this.formModel(user, { role: field(raw, 'role') });
  }

  /** The same create as POST /api/users: roles and organisations checked by the service. */
  @Post('admin/users/new')
  @Requires(Permission.UserCreate)
  async create(@CurrentUser() user: AuthUser, @Body() form: PostedForm, @Res() res: Response) {
    const body = {
      name: field(form, 'name'),
      email: field(form, 'email'),
      role: field(form, 'role'),
      password: (form.password as string | undefined) ?? '',
      ...(field(form, 'organisationId') ? { organisationId: field(form, 'organisationId') } : {}),
    };
    const { value, errors } = await validateForm(CreateUserDto, body, FRIENDLY);
    const again = async (formErrors: NonNullable<typeof errors>) => {
      throw new FormRejection('admin/user-new.njk', await this.formModel(user, form), formErrors);
    };
    if (errors) return again(errors);
    let created;
    try {
      created = await this.users.create(user, value);
    } catch (error) {
      return again(serviceFormErrors(error, SUBJECTS, SERVICE_FRIENDLY));
    }
    res.redirect(303, `/admin/users?added=${created.id}`);
  }

  @Post('admin/users/:id/disable')
  @Requires(Permission.UserUpdate)
  disable(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Ip() ip: string,
    @Res() res: Response,
  ) {
    return this.setDisabled(user, id, true, ip, res);
  }

  @Post('admin/users/:id/enable')
  @Requires(Permission.UserUpdate)
  enable(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Ip() ip: string,
    @Res() res: Response,
  ) {
    return this.setDisabled(user, id, false, ip, res);
  }

  /** PATCH /api/users/:id with { disabled }: disabling also ends every session they have. */
  private async setDisabled(
    user: AuthUser,
    id: string,
    disabled: boolean,
    ip: string,
    res: Response,
  ) {
    const { value } = await validateForm(UpdateUserDto, { disabled });
    try {
      await this.users.update(user, id, value, ip);
    } catch (error) {
      const errors = serviceFormErrors(error, {}, FRIENDLY);
      throw new FormRejection('admin/users.njk', await this.listModel(user, {}), errors);
    }
    res.redirect(303, `/admin/users?changed=${id}#user-${id}`);
  }

  private async listModel(user: AuthUser, raw: PostedForm) {
    const filters = {
      q: field(raw, 'q') || undefined,
      role: field(raw, 'role') || undefined,
      organisationId: field(raw, 'organisationId') || undefined,
    };
    const { value: query, errors } = await validateForm(ListUsersQueryDto, {
      ...filters,
      offset: field(raw, 'offset') || undefined,
    });
    const page = errors
      ? { items: [], total: 0, limit: 50, offset: 0 }
      : await this.users.list(user, Object.assign(query, { limit: 50 }));
    const highlight = field(raw, 'added') || field(raw, 'changed');
    return {
      people: page.items,
      total: page.total,
      filters,
      roles: ROLES,
      errors,
      added: page.items.find((u) => u.id === field(raw, 'added')),
      changed: page.items.find((u) => u.id === field(raw, 'changed')),
      highlight,
      pagination: pagination('/admin/users', page, filters),
      anyRole: roleHolds(user.role, Permission.UserCreateAnyRole),
      canAdd: roleHolds(user.role, Permission.UserCreate),
      // Who runs a provider or the service; the access room still decides each account.
      canManage: roleHolds(user.role, Permission.UserDelete),
      manageable: await this.manageable(user, page.items),
      organisations: await this.organisationNames(user),
    };
  }

  /**
   * Whom the signed-in user may disable or enable: the access room's own check for changing a user
   * (PATCH /api/users/:id), less themselves, whom the service never lets anyone disable.
   */
  private async manageable(user: AuthUser, people: UserDto[]): Promise<string[]> {
    if (!roleHolds(user.role, Permission.UserDelete)) return [];
    const others = people.filter((p) => p.id !== user.id).map((p) => p.id);
    const allowed = await this.access.allowedOf(user, Permission.UserUpdate, others);
    return others.filter((id) => allowed.has(id));
  }

  /**
   * The form offers what the service accepts from this user: an admin any role in any organisation
   * (or none, for admins); a provider user apprentices and employer contacts, who belong to an
   * employer of their own provider (the only employers in their scope).
   */
  private async formModel(user: AuthUser, form: PostedForm) {
    const anyRole = roleHolds(user.role, Permission.UserCreateAnyRole);
    const roles = anyRole ? ROLES : PROVIDER_MANAGED_ROLES;
    const kind = anyRole ? undefined : 'employer';
    return {
      anyRole,
      roles,
      organisations: [...(await this.organisationNames(user, kind)).values()],
      canAddEmployer: roleHolds(user.role, Permission.OrganisationCreate),
      form: { ...form, role: roles.find((r) => r === form.role) },
    };
  }

  /** The organisations one sees (of one kind, if given), by id (the first 200 by name). */
  private async organisationNames(user: AuthUser, kind?: 'employer') {
    const page = await this.organisations.list(
      user,
      Object.assign(new ListOrganisationsQueryDto(), { limit: 200, kind }),
    );
    return new Map(page.items.map((o) => [o.id, o]));
  }
}
