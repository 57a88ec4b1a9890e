import { Body, Controller, Get, HttpCode, Patch, Post, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CurrentUser } from '../../common/auth/decorators.js';
import { AppError } from '../../common/errors/app-error.js';
import { setPdfHeaders } from '../../common/http/file-response.js';
import { ApiErrors } from '../../common/openapi/api-errors.decorator.js';
import { UuidParam } from '../../common/uuid-param.decorator.js';
import { Permission } from '../access/permission.js';
import { Requires } from '../access/requires.decorator.js';
import {
  CreateProgressReviewDto,
  UpdateProgressReviewDto,
} from './dto/progress-review-input.dto.js';
import { ProgressReviewDto, ProgressReviewListDto } from './dto/progress-review.dto.js';
import { ReviewPdfService } from './pdf/review-pdf.service.js';
import { ProgressReviewsService } from './progress-reviews.service.js';
import { ReviewSigningService } from './review-signing.service.js';
import { isIsoDate } from '../../common/clock/calendar.js';

@ApiTags('progress reviews')
@ApiBearerAuth()
@ApiErrors(401, 404, 422)
@Controller()
export class ProgressReviewsController {
  constructor(
    private readonly reviews: ProgressReviewsService,
    private readonly signing: ReviewSigningService,
    private readonly pdfs: ReviewPdfService,
  ) {}

  @Get('apprenticeships/:id/progress-reviews')
  @Requires(Permission.ProgressReviewList)
  @ApiOperation({
    summary: 'The review schedule (next due date, overdue) and every progress review',
    description:
      'Due dates follow "at least every 3 calendar months": the last day of the third calendar ' +
      'month after the last review (or the start) — a review on 1 August is next due by 30 November.',
  })
  @ApiOkResponse({ type: ProgressReviewListDto })
  list(@UuidParam() id: string) {
    return this.reviews.list(id);
  }

  @Get('apprenticeships/:id/progress-reviews/draft')
  @Requires(Permission.ProgressReviewCreate)
  @ApiOperation({ summary: 'What a new review is pre-filled with for a meeting on `meetingDate`' })
  @ApiQuery({ name: 'meetingDate', required: false, example: '2026-03-02' })
  @ApiErrors(403)
  draft(@UuidParam() id: string, @Query('meetingDate') meetingDate?: string) {
    if (meetingDate !== undefined && !isIsoDate(meetingDate)) {
      throw AppError.field('meetingDate', 'must be a date written YYYY-MM-DD');
    }
    return this.reviews.draft(id, meetingDate);
  }

  @Post('apprenticeships/:id/progress-reviews')
  @Requires(Permission.ProgressReviewCreate)
  @ApiOperation({
    summary: 'Record a progress review (provider), pre-filled with what changed since the last',
  })
  @ApiCreatedResponse({ type: ProgressReviewDto })
  @ApiErrors(403, 409)
  create(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() body: CreateProgressReviewDto,
  ) {
    return this.reviews.create(user, id, body);
  }

  @Get('progress-reviews/:id')
  @Requires(Permission.ProgressReviewRead)
  @ApiOkResponse({ type: ProgressReviewDto })
  get(@UuidParam() id: string) {
    return this.reviews.get(id);
  }

  @Patch('progress-reviews/:id')
  @Requires(Permission.ProgressReviewUpdate)
  @ApiOperation({
    summary: 'Change the record (provider) while nobody has signed it',
    description: 'Refused with 409 once anyone has signed, or once a later review exists.',
  })
  @ApiOkResponse({ type: ProgressReviewDto })
  @ApiErrors(403, 409)
  update(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() body: UpdateProgressReviewDto,
  ) {
    return this.reviews.update(user, id, body);
  }

  @Post('progress-reviews/:id/signatures')
  @Requires(Permission.ProgressReviewSign)
  @HttpCode(200)
  @ApiOperation({
    summary: "Sign your own party's signature: provider first, then employer, then apprentice",
    description:
      'The party is your role; nobody signs for another. Out of turn or twice: 409. The last ' +
      'signature locks the record.',
  })
  @ApiOkResponse({ type: ProgressReviewDto })
  @ApiErrors(403, 409)
  sign(@CurrentUser() user: AuthUser, @UuidParam() id: string) {
    return this.signing.sign(user, id);
  }

  @Get('progress-reviews/:id/review.pdf')
  @Requires(Permission.ProgressReviewRead)
  @ApiOperation({ summary: 'The signed review as a PDF (409 until all three have signed)' })
  @ApiProduces('application/pdf')
  @ApiErrors(409)
  async pdf(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Res() res: Response) {
    const { bytes, fileName } = await this.pdfs.pdf(user, id);
    setPdfHeaders(res, fileName);
    res.send(bytes);
  }
}
