import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../common/openapi/api-errors.decorator.js';
import { GetStandardQueryDto } from './dto/get-standard-query.dto.js';
import { StandardDto, StandardSummaryDto } from './dto/standard-response.dto.js';
import { StandardsService } from './standards.service.js';

@ApiTags('standards')
@Controller('standards')
export class StandardsController {
  constructor(private readonly standards: StandardsService) {}

  @Get()
  @ApiOperation({ summary: 'Standards in the catalogue, each with its latest version' })
  @ApiOkResponse({ type: [StandardSummaryDto] })
  list(): Promise<StandardSummaryDto[]> {
    return this.standards.list();
  }

  @Get(':code')
  @ApiOperation({ summary: 'One standard version with its criteria, duty links and EPA methods' })
  @ApiOkResponse({ type: StandardDto })
  @ApiErrors(404, 422)
  get(@Param('code') code: string, @Query() query: GetStandardQueryDto): Promise<StandardDto> {
    return this.standards.get(code, query.version, query.kind);
  }
}
