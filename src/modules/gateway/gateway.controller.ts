import { Body, Controller, Get, HttpCode, Post, Query, Res, StreamableFile } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CurrentUser } from '../../common/auth/decorators.js';
import { setFileHeaders } from '../../common/http/file-response.js';
import { ApiErrors } from '../../common/openapi/api-errors.decorator.js';
import { UuidParam } from '../../common/uuid-param.decorator.js';
import { PageQueryDto } from '../../common/dto/page.dto.js';
import {
  FreezeGatewayDto,
  GatewayStateDto,
  SnapshotDto,
  SnapshotPageDto,
} from './dto/gateway.dto.js';
import { GatewayFreezeService } from './gateway-freeze.service.js';
import { GatewayService } from './gateway.service.js';
import { SnapshotsService } from './snapshots.service.js';
import { Permission } from '../access/permission.js';
import { Requires } from '../access/requires.decorator.js';

@ApiTags('gateway')
@ApiBearerAuth()
@ApiErrors(401, 404, 422)
@Controller()
export class GatewayController {
  constructor(
    private readonly gateway: GatewayService,
    private readonly freezer: GatewayFreezeService,
    private readonly snapshots: SnapshotsService,
  ) {}

  @Get('apprenticeships/:id/gateway')
  @Requires(Permission.GatewayRead)
  @ApiOperation({ summary: 'Declarations, required and missing criteria, and snapshots' })
  @ApiOkResponse({ type: GatewayStateDto })
  state(@UuidParam() id: string) {
    return this.gateway.state(id);
  }

  @Post('apprenticeships/:id/gateway/declarations')
  @Requires(Permission.DeclarationSign)
  @HttpCode(200)
  @ApiOperation({
    summary: "Sign your own role's gateway declaration (apprentice, employer, provider)",
    description:
      "The employer's statement includes that the evidence is the apprentice's own work.",
  })
  @ApiOkResponse({ type: GatewayStateDto })
  @ApiErrors(403, 409)
  sign(@CurrentUser() user: AuthUser, @UuidParam() id: string) {
    return this.gateway.sign(user, id);
  }

  @Post('apprenticeships/:id/gateway')
  @Requires(Permission.GatewayFreeze)
  @ApiOperation({
    summary: 'Freeze the portfolio at gateway (provider)',
    description:
      'Needs all three declarations. Refused (422, listing them) while required criteria are not ' +
      'evidenced, unless overrideReason is given. Renders and stores the gateway PDF once.',
  })
  @ApiCreatedResponse({ type: SnapshotDto })
  @ApiErrors(403, 409, 422)
  freeze(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Body() body: FreezeGatewayDto) {
    return this.freezer.freeze(user, id, body);
  }

  @Get('apprenticeships/:id/snapshots')
  @Requires(Permission.SnapshotList)
  @ApiOkResponse({ type: SnapshotPageDto })
  list(@UuidParam() id: string, @Query() page: PageQueryDto) {
    return this.gateway.snapshotPage(id, page);
  }

  @Get('snapshots/:id/portfolio.pdf')
  @Requires(Permission.SnapshotRead)
  @ApiOperation({ summary: 'The gateway PDF as stored at freezing; its bytes never change' })
  @ApiProduces('application/pdf')
  async pdf(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { file, stream } = await this.snapshots.pdf(user, id);
    setFileHeaders(res, file);
    return new StreamableFile(stream);
  }

  @Get('snapshots/:id/portfolio.zip')
  @Requires(Permission.SnapshotRead)
  @ApiOperation({
    summary: 'The gateway pack as a ZIP: the PDF, every original file, the mapping, a manifest',
    description:
      "Folders E1-title/… hold each evidence's original files; ksb-mapping.csv is the KSB × " +
      'evidence mapping; manifest.json lists every file with its SHA-256 and the snapshot hash. ' +
      'Streamed; every download of a snapshot is the same bytes.',
  })
  @ApiProduces('application/zip')
  async archive(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { name, stream } = await this.snapshots.archive(user, id);
    setFileHeaders(res, { name, mediaType: 'application/zip' });
    return new StreamableFile(stream);
  }

  @Get('snapshots/:id/files/:fileId')
  @Requires(Permission.SnapshotRead)
  @ApiOperation({ summary: 'A file of the frozen evidence (assessors included)' })
  @ApiProduces('application/octet-stream')
  async file(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @UuidParam('fileId') fileId: string,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { file, stream } = await this.snapshots.file(user, id, fileId);
    setFileHeaders(res, file);
    return new StreamableFile(stream);
  }
}
