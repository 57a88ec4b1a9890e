import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CurrentUser } from '../../common/auth/decorators.js';
import { PageQueryDto } from '../../common/dto/page.dto.js';
import { ApiErrors } from '../../common/openapi/api-errors.decorator.js';
import { UuidParam } from '../../common/uuid-param.decorator.js';
import { Permission } from '../access/permission.js';
import { Requires } from '../access/requires.decorator.js';
import { CreateCommentDto } from './dto/evidence-input.dto.js';
import { CommentDto, CommentPageDto } from './dto/evidence.dto.js';
import { EvidenceCommentsService } from './evidence-comments.service.js';

@ApiTags('evidence')
@ApiBearerAuth()
@ApiErrors(401, 404, 422)
@Controller()
export class EvidenceCommentsController {
  constructor(private readonly comments: EvidenceCommentsService) {}

  @Get('evidence/:id/comments')
  @Requires(Permission.EvidenceRead)
  @ApiOkResponse({ type: CommentPageDto })
  list(@UuidParam() id: string, @Query() page: PageQueryDto) {
    return this.comments.list(id, page);
  }

  @Post('evidence/:id/comments')
  @Requires(Permission.EvidenceComment)
  @ApiCreatedResponse({ type: CommentDto })
  @ApiErrors(403, 422)
  add(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Body() body: CreateCommentDto) {
    return this.comments.add(user, id, body);
  }
}
