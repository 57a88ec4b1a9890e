import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { UuidParam } from '../../common/uuid-param.decorator.js';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CurrentUser } from '../../common/auth/decorators.js';
import { ApiErrors } from '../../common/openapi/api-errors.decorator.js';
import {
  CreateOrganisationDto,
  ListOrganisationsQueryDto,
  OrganisationDto,
  OrganisationPageDto,
  UpdateOrganisationDto,
} from './dto/organisation.dto.js';
import { OrganisationsService } from './organisations.service.js';
import { Permission } from '../access/permission.js';
import { Requires } from '../access/requires.decorator.js';

@ApiTags('organisations')
@ApiBearerAuth()
@ApiErrors(401, 422)
@Controller('organisations')
export class OrganisationsController {
  constructor(private readonly organisations: OrganisationsService) {}

  @Get()
  @Requires(Permission.OrganisationList)
  @ApiOkResponse({ type: OrganisationPageDto })
  @ApiErrors(422)
  list(@CurrentUser() user: AuthUser, @Query() query: ListOrganisationsQueryDto) {
    return this.organisations.list(user, query);
  }

  @Get(':id')
  @Requires(Permission.OrganisationRead)
  @ApiOkResponse({ type: OrganisationDto })
  @ApiErrors(404)
  get(@CurrentUser() user: AuthUser, @UuidParam() id: string) {
    return this.organisations.get(id);
  }

  @Post()
  @Requires(Permission.OrganisationCreate)
  @ApiCreatedResponse({ type: OrganisationDto })
  @ApiErrors(403, 409, 422)
  create(@CurrentUser() user: AuthUser, @Body() body: CreateOrganisationDto) {
    return this.organisations.create(user, body);
  }

  @Patch(':id')
  @Requires(Permission.OrganisationUpdate)
  @ApiOkResponse({ type: OrganisationDto })
  @ApiErrors(403, 404, 409, 422)
  update(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() body: UpdateOrganisationDto,
  ) {
    return this.organisations.update(user, id, body);
  }

  @Delete(':id')
  @Requires(Permission.OrganisationDelete)
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiErrors(403, 404, 409)
  remove(@CurrentUser() user: AuthUser, @UuidParam() id: string) {
    return this.organisations.remove(user, id);
  }
}
