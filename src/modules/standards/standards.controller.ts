import { Body, Controller, Get, Headers, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CurrentUser, Public } from '../../common/auth/decorators.js';
import { AppError } from '../../common/errors/app-error.js';
import { ApiErrors } from '../../common/openapi/api-errors.decorator.js';
import { GetStandardQueryDto } from './dto/get-standard-query.dto.js';
import { StandardDocumentDto } from './dto/standard-document.dto.js';
import { ImportResultDto, StandardDto, StandardSummaryDto } from './dto/standard-response.dto.js';
import { checkStandardDocument } from './standard-document.js';
import { StandardsService } from './standards.service.js';
import { Permission } from '../access/permission.js';
import { Requires } from '../access/requires.decorator.js';

@ApiTags('standards')
@Controller('standards')
export class StandardsController {
  constructor(private readonly standards: StandardsService) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Standards in the catalogue, each with its latest version' })
  @ApiOkResponse({ type: [StandardSummaryDto] })
  list(): Promise<StandardSummaryDto[]> {
    return this.standards.list();
  }

  @Get(':code')
  @Public()
  @ApiOperation({ summary: 'One standard version with its criteria, duty links and EPA methods' })
  @ApiOkResponse({ type: StandardDto, headers: { ETag: { description: 'Send as If-None-Match' } } })
  @ApiResponse({ status: 304, description: 'Unchanged since the ETag you sent' })
  @ApiErrors(404, 422)
  async get(
    @Param('code') code: string,
    @Query() query: GetStandardQueryDto,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StandardDto | undefined> {
    const { etag, body } = await this.standards.getWithTag(code, query.version, query.kind);
    // Cache-Control stays no-store like every API answer: clients keep the ETag themselves.
    res.set({ ETag: etag });
    if (ifNoneMatch?.split(/\s*,\s*/).includes(etag)) {
      res.status(304);
      return undefined;
    }
    return body();
  }

  @Post()
  @Requires(Permission.StandardImport)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Import a standard version as JSON (admin)',
    description:
      'Same document format as the built-in files in standards/. Re-importing identical content is ' +
      'a no-op (200, unchanged); changing a version that an apprenticeship uses is refused (409).',
  })
  @ApiCreatedResponse({ type: ImportResultDto, description: 'A new version was created' })
  @ApiOkResponse({
    type: ImportResultDto,
    description: 'An unused version was updated, or unchanged',
  })
  @ApiErrors(401, 403, 409, 422)
  async import(
    @CurrentUser() user: AuthUser,
    @Body() body: StandardDocumentDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ImportResultDto> {
    const errors = checkStandardDocument(body);
    if (errors.length > 0) throw AppError.validation(errors);
    const result = await this.standards.import(body, user.id);
    res.status(result.outcome === 'created' ? 201 : 200);
    return result;
  }
}
