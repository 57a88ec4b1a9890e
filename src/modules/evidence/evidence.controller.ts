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
  UploadedFiles,
  UseInterceptors,
} from '@nestjs/common';
import { FilesInterceptor } from '@nestjs/platform-express';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
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
import { setFileHeaders, storedFileHeaders } from '../../common/http/file-response.js';
import { ApiErrors } from '../../common/openapi/api-errors.decorator.js';
import { UuidParam } from '../../common/uuid-param.decorator.js';
import { storedUploadOf } from '../storage/upload/upload-storage.engine.js';
import { EvidenceDto, EvidencePageDto, EvidenceQueuePageDto } from './dto/evidence.dto.js';
import { EvidenceQueueService } from './evidence-queue.service.js';
import {
  CreateEvidenceFormDto,
  EvidenceQueueQueryDto,
  ListEvidenceQueryDto,
  ReviewEvidenceDto,
  TagClaimDto,
  UpdateEvidenceDto,
} from './dto/evidence-input.dto.js';
import { EvidenceFilesService } from './evidence-files.service.js';
import { EvidenceReviewService } from './evidence-review.service.js';
import { EvidenceService } from './evidence.service.js';
import { TagsBodyPipe } from './tags-body.pipe.js';
import { UploadCleanupInterceptor } from './upload-cleanup.interceptor.js';
import { Permission } from '../access/permission.js';
import { Requires } from '../access/requires.decorator.js';
import { Idempotent } from '../idempotency/idempotency.interceptor.js';

const Upload = () => UseInterceptors(UploadCleanupInterceptor, FilesInterceptor('files'));
const uploads = (files?: Express.Multer.File[]) => (files ?? []).map(storedUploadOf);

@ApiTags('evidence')
@ApiBearerAuth()
@ApiErrors(401, 404, 422)
@Controller()
export class EvidenceController {
  constructor(
    private readonly evidence: EvidenceService,
    private readonly files: EvidenceFilesService,
    private readonly review: EvidenceReviewService,
    private readonly queueService: EvidenceQueueService,
  ) {}

  @Post('apprenticeships/:id/evidence')
  @Requires(Permission.EvidenceCreate)
  @Idempotent('evidence.create')
  @Upload()
  @ApiOperation({
    summary: 'Add evidence (apprentice): JSON, or multipart with `files` in the same request',
  })
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiCreatedResponse({ type: EvidenceDto })
  @ApiErrors(400, 403, 409, 413, 415, 422)
  create(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() body: CreateEvidenceFormDto,
    @UploadedFiles() files?: Express.Multer.File[],
  ) {
    return this.review.create(user, id, body, uploads(files));
  }

  @Get('evidence')
  @Requires(Permission.EvidenceQueue)
  @ApiOperation({
    summary: 'The review queue: evidence across everything you follow, waiting longest first',
    description:
      'A tutor sees their provider’s, an employer their apprentices’, an apprentice their own ' +
      '(read-only for them). `?status=submitted` is what waits for a review; `waitingHours` ' +
      'says for how long.',
  })
  @ApiOkResponse({ type: EvidenceQueuePageDto })
  @ApiErrors(403, 422)
  queue(@CurrentUser() user: AuthUser, @Query() query: EvidenceQueueQueryDto) {
    return this.queueService.list(user, query);
  }

  @Get('apprenticeships/:id/evidence')
  @Requires(Permission.EvidenceList)
  @ApiOkResponse({ type: EvidencePageDto })
  @ApiErrors(422)
  list(@UuidParam() id: string, @Query() query: ListEvidenceQueryDto) {
    return this.evidence.list(id, query);
  }

  @Get('evidence/:id')
  @Requires(Permission.EvidenceRead)
  @ApiOkResponse({ type: EvidenceDto })
  get(@UuidParam() id: string) {
    return this.evidence.get(id);
  }

  @Patch('evidence/:id')
  @Requires(Permission.EvidenceWrite)
  @ApiOperation({
    summary: 'Change evidence (apprentice); after review its tags return to claimed',
  })
  @ApiOkResponse({ type: EvidenceDto })
  @ApiErrors(403, 409, 422)
  update(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Body() body: UpdateEvidenceDto) {
    return this.evidence.update(user, id, body);
  }

  @Delete('evidence/:id')
  @Requires(Permission.EvidenceWrite)
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiErrors(403, 409)
  remove(@CurrentUser() user: AuthUser, @UuidParam() id: string) {
    return this.evidence.remove(user, id);
  }

  @Post('evidence/:id/files')
  @Requires(Permission.EvidenceWrite)
  @Upload()
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      properties: { files: { type: 'array', items: { type: 'string', format: 'binary' } } },
    },
  })
  @ApiCreatedResponse({ type: EvidenceDto })
  @ApiErrors(400, 403, 409, 413, 415, 422)
  addFiles(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @UploadedFiles() files?: Express.Multer.File[],
  ) {
    return this.files.add(user, id, uploads(files));
  }

  @Get('evidence/:id/files/:fileId')
  @Requires(Permission.EvidenceRead)
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'The file, with its stored media type and original name' })
  async download(
    @UuidParam() id: string,
    @UuidParam('fileId') fileId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const { file, stream } = await this.files.download(id, fileId);
    setFileHeaders(res, storedFileHeaders(file));
    return new StreamableFile(stream);
  }

  @Delete('evidence/:id/files/:fileId')
  @Requires(Permission.EvidenceWrite)
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiErrors(403, 409)
  removeFile(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @UuidParam('fileId') fileId: string,
  ) {
    return this.files.remove(user, id, fileId);
  }

  @Put('evidence/:id/tags')
  @Requires(Permission.EvidenceWrite)
  @ApiOperation({
    summary: "Set the apprentice's claims: [{ code, justification }] (replaces all)",
  })
  @ApiBody({ type: [TagClaimDto] })
  @ApiOkResponse({ type: EvidenceDto })
  @ApiErrors(403, 409, 422)
  putTags(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body(TagsBodyPipe) tags: TagClaimDto[],
  ) {
    return this.review.putTags(user, id, tags);
  }

  @Post('evidence/:id/submit')
  @Requires(Permission.EvidenceWrite)
  @HttpCode(200)
  @ApiOkResponse({ type: EvidenceDto })
  @ApiErrors(403, 409, 422)
  submit(@CurrentUser() user: AuthUser, @UuidParam() id: string) {
    return this.review.submit(user, id);
  }

  @Post('evidence/:id/review')
  @Requires(Permission.EvidenceReview)
  @HttpCode(200)
  @ApiOperation({ summary: 'Decide each tag and the outcome (provider)' })
  @ApiOkResponse({ type: EvidenceDto })
  @ApiErrors(403, 409, 422)
  reviewEvidence(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() body: ReviewEvidenceDto,
  ) {
    return this.review.review(user, id, body);
  }
}
