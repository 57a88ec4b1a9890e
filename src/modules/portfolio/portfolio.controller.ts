import { Controller, Get, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { setPdfHeaders } from '../../common/http/file-response.js';
import { ApiErrors } from '../../common/openapi/api-errors.decorator.js';
import { UuidParam } from '../../common/uuid-param.decorator.js';
import { PortfolioService } from './portfolio.service.js';
import { Permission } from '../access/permission.js';
import { Requires } from '../access/requires.decorator.js';

@ApiTags('portfolio')
@ApiBearerAuth()
@Controller('apprenticeships/:id/portfolio.pdf')
export class PortfolioController {
  constructor(private readonly portfolio: PortfolioService) {}

  @Get()
  @Requires(Permission.DraftPortfolioRead)
  @ApiOperation({
    summary: 'The live portfolio as a PDF, marked DRAFT on every page',
    description:
      'For the apprentice, their employer and their provider; assessors see only gateway PDFs.',
  })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'A4 PDF, streamed' })
  @ApiErrors(401, 404, 422)
  async draft(@UuidParam() id: string, @Res() res: Response): Promise<void> {
    const { content, fileName } = await this.portfolio.draft(id);
    setPdfHeaders(res, fileName);
    // Headers are out once the first byte is; a later failure can only cut the stream short.
    await this.portfolio.render(content, res);
  }
}
