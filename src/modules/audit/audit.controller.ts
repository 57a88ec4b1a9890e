import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CurrentUser } from '../../common/auth/decorators.js';
import { PageQueryDto } from '../../common/dto/page.dto.js';
import { ApiErrors } from '../../common/openapi/api-errors.decorator.js';
import { UuidParam } from '../../common/uuid-param.decorator.js';
import { AuditQueryService } from './audit-query.service.js';
import { Permission } from '../access/permission.js';
import { Requires } from '../access/requires.decorator.js';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('apprenticeships/:id/audit')
export class AuditController {
  constructor(private readonly audit: AuditQueryService) {}

  @Get()
  @Requires(Permission.AuditRead)
  @ApiOperation({
    summary: 'Every change and decision on an apprenticeship, newest first',
    description: 'Each event: who, when, what, and the state before and after.',
  })
  @ApiOkResponse({
    description:
      '{ items: [{ id, action, entityType, entityId, actor, before, after, createdAt }], total, limit, offset }',
  })
  @ApiErrors(401, 404, 422)
  list(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Query() page: PageQueryDto) {
    return this.audit.list(user, id, page);
  }
}
