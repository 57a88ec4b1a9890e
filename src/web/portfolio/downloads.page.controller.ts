import { Controller, Get, Render, Res, StreamableFile } from '@nestjs/common';
import type { Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CurrentUser } from '../../common/auth/decorators.js';
import { AppError } from '../../common/errors/app-error.js';
import { setFileHeaders, setPdfHeaders } from '../../common/http/file-response.js';
import { UuidParam } from '../../common/uuid-param.decorator.js';
import { Permission } from '../../modules/access/permission.js';
import { Requires } from '../../modules/access/requires.decorator.js';
import { ApprenticeshipsService } from '../../modules/apprenticeships/apprenticeships.service.js';
import { GatewayService } from '../../modules/gateway/gateway.service.js';
import { SnapshotsService } from '../../modules/gateway/snapshots.service.js';
import { PortfolioService } from '../../modules/portfolio/portfolio.service.js';
import type { PortfolioDocument } from '../../modules/portfolio/pdf/portfolio-document.js';
import { canRead, readStream } from '../evidence/file-reading.js';
import { WebPage } from '../web-page.decorator.js';

/** PDFs and frozen files for people in a browser: the same services and rules as the API's. */
@WebPage()
@Controller()
export class DownloadsPageController {
  constructor(
    private readonly portfolio: PortfolioService,
    private readonly gateway: GatewayService,
    private readonly snapshots: SnapshotsService,
    private readonly apprenticeships: ApprenticeshipsService,
  ) {}

  /** The live portfolio as a PDF marked DRAFT. */
  @Get('portfolio/:id/draft.pdf')
  @Requires(Permission.DraftPortfolioRead)
  async draft(@UuidParam() id: string, @Res() res: Response): Promise<void> {
    const { content, fileName } = await this.portfolio.draft(id);
    setPdfHeaders(res, fileName);
    await this.portfolio.render(content, res);
  }

  /** An assessor's view of one assigned apprenticeship: its frozen portfolios and their files. */
  @Get('assigned/:id')
  @Requires(Permission.SnapshotList)
  async assigned(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Res() res: Response,
  ): Promise<void> {
    const [snapshots, apprenticeship] = await Promise.all([
      this.gateway.listSnapshots(id),
      this.apprenticeships.get(id),
    ]);
    const frozen = await Promise.all(
      snapshots.map(async (s) => ({ ...s, ...(await this.gateway.frozenContent(s.id)) })),
    );
    res.render('portfolio/assigned.njk', {
      // As frozen; before any freezing, as the apprenticeship names them today.
      apprentice: frozen[0]?.content.apprentice ?? apprenticeship.apprentice,
      // An assessor's home lists the apprenticeships assigned; everyone else's has the portfolio.
      back:
        user.role === 'assessor'
          ? { text: 'Back to your assigned apprenticeships', href: '/' }
          : { text: 'Back to the portfolio', href: `/portfolio/${id}` },
      snapshots: frozen.map((s) => ({
        id: s.id,
        createdAt: s.createdAt,
        frozenBy: s.frozenBy,
        pdfSha256: s.pdfSha256,
        // Frozen by override: what was not evidenced, and the provider's reason (as the PDF says).
        overrideReason: s.overrideReason,
        missingCriteria: s.content.snapshot?.missingCriteria ?? [],
        about: frozenSummary(s.content),
        evidence: s.content.evidence.map((e) => ({
          reference: e.reference,
          title: e.title,
          criteria: [...new Set(e.tags.map((t) => t.code))],
          files: e.files.map(({ id, name, mediaType, size, sha256 }) => ({
            id,
            name,
            mediaType,
            size,
            sha256,
          })),
        })),
      })),
    });
  }

  @Get('assigned/snapshots/:id/portfolio.pdf')
  @Requires(Permission.SnapshotRead)
  async snapshotPdf(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const { file, stream } = await this.snapshots.pdf(user, id);
    setFileHeaders(res, file);
    return new StreamableFile(stream);
  }

  /** The gateway pack: the PDF, every original file, the mapping and a manifest, as one ZIP. */
  @Get('assigned/snapshots/:id/portfolio.zip')
  @Requires(Permission.SnapshotRead)
  async snapshotArchive(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const { name, stream } = await this.snapshots.archive(user, id);
    setFileHeaders(res, { name, mediaType: 'application/zip' });
    return new StreamableFile(stream);
  }

  /** A frozen notebook, listing or table read in the page (file-reading.ts); others answer 404. */
  @Get('assigned/snapshots/:id/files/:fileId/read')
  @Requires(Permission.SnapshotRead)
  @Render('evidence/read-file.njk')
  async readSnapshotFile(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @UuidParam('fileId') fileId: string,
  ) {
    const frozen = await this.snapshots.frozenFile(id, fileId);
    if (!canRead(frozen.file.mediaType)) throw AppError.notFound('File');
    const { snapshot, evidence } = frozen;
    // Read as the download is, and audited as one.
    const { file, stream } = await this.snapshots.open(user, frozen);
    return {
      caption: `${evidence.reference} · ${evidence.title}`,
      back: {
        text: 'Back to the frozen portfolio',
        href: `/assigned/${snapshot.apprenticeshipId}`,
      },
      file: {
        name: file.name,
        mediaType: file.mediaType,
        size: file.size,
        href: `/assigned/snapshots/${id}/files/${fileId}`,
      },
      reading: await readStream(file.mediaType, file.size, stream),
    };
  }

  @Get('assigned/snapshots/:id/files/:fileId')
  @Requires(Permission.SnapshotRead)
  async snapshotFile(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @UuidParam('fileId') fileId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const { file, stream } = await this.snapshots.file(user, id, fileId);
    setFileHeaders(res, file);
    return new StreamableFile(stream);
  }
}

/**
 * What the assessor is told about the apprenticeship, as frozen (the PDF's cover): who, on which
 * standard, where, when, and how much of the standard the frozen evidence covers.
 */
function frozenSummary(doc: PortfolioDocument) {
  const { apprentice, employer, provider, standard, dates, criteria } = doc;
  return {
    uln: apprentice.uln,
    standard: `${standard.code} ${standard.title}, level ${standard.level} (version ${standard.version})`,
    employer: employer.name,
    provider: `${provider.name} (UKPRN ${provider.ukprn})`,
    start: dates.start,
    plannedGateway: dates.plannedGateway,
    evidenced: criteria.filter((c) => c.status === 'evidenced').length,
    criteria: criteria.length,
  };
}
