import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CurrentUser } from '../../common/auth/decorators.js';
import { ApiErrors } from '../../common/openapi/api-errors.decorator.js';
import { UuidParam } from '../../common/uuid-param.decorator.js';
import { ApprenticeshipsService } from './apprenticeships.service.js';
import { ApprenticeshipDto, ApprenticeshipPageDto } from './dto/apprenticeship.dto.js';
import {
  CreateApprenticeshipDto,
  ListApprenticeshipsQueryDto,
  UpdateApprenticeshipDto,
} from './dto/apprenticeship-input.dto.js';
import { Permission } from '../access/permission.js';
import { Requires } from '../access/requires.decorator.js';

@ApiTags('apprenticeships')
@ApiBearerAuth()
@ApiErrors(401, 422)
@Controller('apprenticeships')
export class ApprenticeshipsController {
  constructor(private readonly apprenticeships: ApprenticeshipsService) {}

  @Get()
  @Requires(Permission.ApprenticeshipList)
  @ApiOkResponse({ type: ApprenticeshipPageDto, description: 'Only those you may see' })
  @ApiErrors(422)
  list(@CurrentUser() user: AuthUser, @Query() query: ListApprenticeshipsQueryDto) {
    return this.apprenticeships.list(user, query);
  }

  @Get(':id')
  @Requires(Permission.ApprenticeshipRead)
  @ApiOkResponse({ type: ApprenticeshipDto })
  @ApiErrors(404)
  get(@CurrentUser() user: AuthUser, @UuidParam() id: string) {
    return this.apprenticeships.get(id);
  }

  @Post()
  @Requires(Permission.ApprenticeshipCreate)
  @ApiCreatedResponse({ type: ApprenticeshipDto })
  @ApiErrors(403, 422)
  create(@CurrentUser() user: AuthUser, @Body() body: CreateApprenticeshipDto) {
    return this.apprenticeships.create(user, body);
  }

  @Patch(':id')
  @Requires(Permission.ApprenticeshipUpdate)
  @ApiOkResponse({ type: ApprenticeshipDto })
  @ApiErrors(403, 404, 422)
  update(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() body: UpdateApprenticeshipDto,
  ) {
    return this.apprenticeships.update(user, id, body);
  }
}
