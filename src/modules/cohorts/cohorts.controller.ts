import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
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
import { UuidParam } from '../../common/uuid-param.decorator.js';
import { CohortsService } from './cohorts.service.js';
import {
  CohortDto,
  CohortPageDto,
  CreateCohortDto,
  ListCohortsQueryDto,
  UpdateCohortDto,
} from './dto/cohort.dto.js';
import { Permission } from '../access/permission.js';
import { Requires } from '../access/requires.decorator.js';

@ApiTags('cohorts')
@ApiBearerAuth()
@ApiErrors(401, 422)
@Controller('cohorts')
export class CohortsController {
  constructor(private readonly cohorts: CohortsService) {}

  @Get()
  @Requires(Permission.CohortList)
  @ApiOkResponse({ type: CohortPageDto })
  @ApiErrors(403, 422)
  list(@CurrentUser() user: AuthUser, @Query() query: ListCohortsQueryDto) {
    return this.cohorts.list(user, query);
  }

  @Get(':id')
  @Requires(Permission.CohortRead)
  @ApiOkResponse({ type: CohortDto })
  @ApiErrors(404)
  get(@CurrentUser() user: AuthUser, @UuidParam() id: string) {
    return this.cohorts.get(id);
  }

  @Post()
  @Requires(Permission.CohortCreate)
  @ApiCreatedResponse({ type: CohortDto })
  @ApiErrors(403, 409, 422)
  create(@CurrentUser() user: AuthUser, @Body() body: CreateCohortDto) {
    return this.cohorts.create(user, body);
  }

  @Patch(':id')
  @Requires(Permission.CohortManage)
  @ApiOkResponse({ type: CohortDto })
  @ApiErrors(403, 404, 409, 422)
  update(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Body() body: UpdateCohortDto) {
    return this.cohorts.update(user, id, body);
  }

  @Delete(':id')
  @Requires(Permission.CohortManage)
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiErrors(403, 404, 409)
  remove(@CurrentUser() user: AuthUser, @UuidParam() id: string) {
    return this.cohorts.remove(user, id);
  }
}
