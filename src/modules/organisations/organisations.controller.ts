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
import { CurrentUser, Roles } from '../../common/auth/decorators.js';
import { ApiErrors } from '../../common/openapi/api-errors.decorator.js';
import {
  CreateOrganisationDto,
  ListOrganisationsQueryDto,
  OrganisationDto,
  OrganisationPageDto,
  UpdateOrganisationDto,
} from './dto/organisation.dto.js';
import { OrganisationsService } from './organisations.service.js';

@ApiTags('organisations')
@ApiBearerAuth()
@ApiErrors(401, 422)
@Controller('organisations')
export class OrganisationsController {
  constructor(private readonly organisations: OrganisationsService) {}

  @Get()
  @ApiOkResponse({ type: OrganisationPageDto })
  @ApiErrors(422)
  list(@CurrentUser() user: AuthUser, @Query() query: ListOrganisationsQueryDto) {
    return this.organisations.list(user, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: OrganisationDto })
  @ApiErrors(404)
  get(@CurrentUser() user: AuthUser, @UuidParam() id: string) {
    return this.organisations.get(user, id);
  }

  @Post()
  @Roles('admin', 'provider')
  @ApiCreatedResponse({ type: OrganisationDto })
  @ApiErrors(403, 409, 422)
  create(@CurrentUser() user: AuthUser, @Body() body: CreateOrganisationDto) {
    return this.organisations.create(user, body);
  }

  @Patch(':id')
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
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiErrors(403, 404, 409)
  remove(@CurrentUser() user: AuthUser, @UuidParam() id: string) {
    return this.organisations.remove(user, id);
  }
}
