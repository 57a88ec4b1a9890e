import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Patch,
  Post,
  Put,
  Query,
  Res,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CurrentUser } from '../../common/auth/decorators.js';
import { ApiErrors } from '../../common/openapi/api-errors.decorator.js';
import { UuidParam } from '../../common/uuid-param.decorator.js';
import { toCsv } from '../../common/http/csv.js';
import { Permission } from '../access/permission.js';
import { Requires } from '../access/requires.decorator.js';
import { Idempotent } from '../idempotency/idempotency.interceptor.js';
import {
  CreateOtjEntryDto,
  DecideOtjEntryDto,
  ImportOtjEntriesDto,
  LearnerRecordQueryDto,
  ListOtjEntriesQueryDto,
  OtjQueueQueryDto,
  ReopenOtjEntryDto,
  SetOtjPlanDto,
  UpdateOtjEntryDto,
} from './dto/otj-input.dto.js';
import {
  LearnerRecordRowDto,
  OtjEntryDto,
  OtjEntryPageDto,
  OtjQueuePageDto,
  OtjSummaryDto,
} from './dto/otj.dto.js';
import { OtjDecisionsService } from './otj-decisions.service.js';
import { OtjEntriesService } from './otj-entries.service.js';
import { OtjEntryView } from './otj-entry-view.js';
import { OtjPlanService } from './otj-plan.service.js';
import { OtjProgressService } from './otj-progress.service.js';

const csvFile = (res: Response, bytes: Buffer, name: string) => {
  res.set({ 'Cache-Control': 'private, no-store', 'X-Content-Type-Options': 'nosniff' });
  return new StreamableFile(bytes, {
    type: 'text/csv; charset=utf-8',
    disposition: `attachment; filename="${name}"`,
  });
};

@ApiTags('off-the-job training')
@ApiBearerAuth()
@ApiErrors(401, 404, 422)
@Controller()
export class OtjController {
  constructor(
    private readonly entries: OtjEntriesService,
    private readonly view: OtjEntryView,
    private readonly decisions: OtjDecisionsService,
    private readonly plans: OtjPlanService,
    private readonly progress: OtjProgressService,
  ) {}

  @Get('apprenticeships/:id/otj')
  @Requires(Permission.OtjRead)
  @ApiOperation({ summary: 'Planned, minimum, approved, pending and expected hours; the rules' })
  @ApiOkResponse({ type: OtjSummaryDto })
  summary(@UuidParam() id: string) {
    return this.progress.summary(id);
  }

  @Put('apprenticeships/:id/otj/plan')
  @Requires(Permission.OtjPlanSet)
  @ApiOperation({
    summary: 'Set the planned hours (provider); a change afterwards needs the reason',
    description:
      'Planned hours are never below the rules year’s floor (187) nor the minimum (published − prior learning).',
  })
  @ApiOkResponse({ type: OtjSummaryDto })
  @ApiErrors(403, 409)
  setPlan(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Body() body: SetOtjPlanDto) {
    return this.plans.set(user, id, body);
  }

  @Get('apprenticeships/:id/otj/entries')
  @Requires(Permission.OtjRead)
  @ApiOperation({ summary: 'The log, newest first; `?format=csv` for every entry as CSV' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: OtjEntryPageDto })
  async list(
    @UuidParam() id: string,
    @Query() query: ListOtjEntriesQueryDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    if (query.format !== 'csv') return this.view.list(id, query);
    return csvFile(res, await this.view.csv(id, query.status), 'off-the-job-log.csv');
  }

  @Post('apprenticeships/:id/otj/entries')
  @Requires(Permission.OtjLog)
  @Idempotent('otj.create')
  @ApiOperation({
    summary: 'Log an activity (the apprentice, or provider staff on their behalf)',
    description:
      'Refused: a future date, a date before the start. Kept with `warnings`: overlaps, more ' +
      'than 12 hours in a day, entered more than 30 days after, a category that does not count.',
  })
  @ApiCreatedResponse({ type: OtjEntryDto })
  @ApiErrors(403, 409)
  create(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Body() body: CreateOtjEntryDto) {
    return this.entries.create(user, id, body);
  }

  @Post('apprenticeships/:id/otj/entries/import')
  @Requires(Permission.OtjLog)
  @Idempotent('otj.import')
  @ApiOperation({
    summary: 'Log several activities at once; older than 30 days needs `backdated` and a reason',
  })
  @ApiCreatedResponse({ type: [OtjEntryDto] })
  @ApiErrors(403, 409)
  importEntries(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() body: ImportOtjEntriesDto,
  ) {
    return this.entries.importEntries(user, id, body);
  }

  @Get('otj/entries/:id')
  @Requires(Permission.OtjEntryRead)
  @ApiOkResponse({ type: OtjEntryDto })
  get(@UuidParam() id: string) {
    return this.view.get(id);
  }

  @Patch('otj/entries/:id')
  @Requires(Permission.OtjEntryWrite)
  @ApiOperation({ summary: 'Change your pending or rejected entry; it waits for a decision again' })
  @ApiOkResponse({ type: OtjEntryDto })
  @ApiErrors(403, 409)
  update(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Body() body: UpdateOtjEntryDto) {
    return this.entries.update(user, id, body);
  }

  @Delete('otj/entries/:id')
  @Requires(Permission.OtjEntryWrite)
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiErrors(403, 409)
  remove(@CurrentUser() user: AuthUser, @UuidParam() id: string) {
    return this.entries.remove(user, id);
  }

  @Post('otj/entries/:id/decision')
  @Requires(Permission.OtjEntryDecide)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Approve, or reject with a reason (never your own entry)',
    description: 'Provider users decide any entry; the employer only employer-delivered training.',
  })
  @ApiOkResponse({ type: OtjEntryDto })
  @ApiErrors(403, 409)
  decide(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Body() body: DecideOtjEntryDto) {
    return this.decisions.decide(user, id, body);
  }

  @Post('otj/entries/:id/reopen')
  @Requires(Permission.OtjEntryReopen)
  @HttpCode(200)
  @ApiOperation({ summary: 'Send an approved entry back to pending to correct it (provider)' })
  @ApiOkResponse({ type: OtjEntryDto })
  @ApiErrors(403, 409)
  reopen(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Body() body: ReopenOtjEntryDto) {
    return this.decisions.reopen(user, id, body);
  }

  @Get('otj/queue')
  @Requires(Permission.OtjQueue)
  @ApiOperation({ summary: 'Entries waiting for your decision, oldest first' })
  @ApiOkResponse({ type: OtjQueuePageDto })
  @ApiErrors(403)
  queue(@CurrentUser() user: AuthUser, @Query() query: OtjQueueQueryDto) {
    return this.decisions.queue(user, query);
  }

  @Get('otj/learner-record')
  @Requires(Permission.OtjLearnerRecord)
  @ApiOperation({
    summary: 'HRS1 planned, HRS3 actual and HRS4 prior-learning hours per apprenticeship',
    description: '`?format=csv`: columns ULN, Apprentice, HRS1, HRS3, HRS4.',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: [LearnerRecordRowDto] })
  @ApiErrors(403)
  async learnerRecord(
    @CurrentUser() user: AuthUser,
    @Query() query: LearnerRecordQueryDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const rows = await this.progress.learnerRecord(user);
    if (query.format !== 'csv') return rows;
    const records = rows.map((r) => [
      r.uln,
      r.apprentice,
      r.plannedHours ?? '',
      r.actualHours,
      r.rplHours,
    ]);
    const csv = toCsv([['ULN', 'Apprentice', 'HRS1', 'HRS3', 'HRS4'], ...records]);
    return csvFile(res, Buffer.from(csv, 'utf8'), 'off-the-job-hours.csv');
  }
}
