import { Controller, Get, Post, Render, Res, StreamableFile } from '@nestjs/common';
import type { Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CurrentUser } from '../../common/auth/decorators.js';
import { AppError } from '../../common/errors/app-error.js';
import {
  contentDisposition,
  setFileHeaders,
  storedFileHeaders,
} from '../../common/http/file-response.js';
import { UuidParam } from '../../common/uuid-param.decorator.js';
import { Permission } from '../../modules/access/permission.js';
import { Requires } from '../../modules/access/requires.decorator.js';
import { EvidenceFilesService } from '../../modules/evidence/evidence-files.service.js';
import { EvidenceRevisionService } from '../../modules/evidence/evidence-revision.service.js';
import { EvidenceService } from '../../modules/evidence/evidence.service.js';
import { formErrorsOf, FormRejection } from '../forms.js';
import { WebPage } from '../web-page.decorator.js';
import { canRead, readStream } from './file-reading.js';

/** Shown in the page itself: images, and PDFs in the browser's viewer. */
const INLINE = /^(image\/(png|jpeg|gif|webp)|application\/pdf)$/;

/**
 * An evidence's files in the pages (download, read in the page, remove one) and deleting the
 * evidence itself: the API's services, each removal confirmed on a page of its own first.
 */
@WebPage()
@Controller()
export class EvidenceFilesPageController {
  constructor(
    private readonly evidence: EvidenceService,
    private readonly files: EvidenceFilesService,
    private readonly revision: EvidenceRevisionService,
  ) {}

  /** A file of the evidence, by cookie: images and PDFs open in the browser, others download. */
  @Get('evidence/:id/view/files/:fileId')
  @Requires(Permission.EvidenceRead)
  async file(
    @UuidParam() id: string,
    @UuidParam('fileId') fileId: string,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { file, stream } = await this.files.download(id, fileId);
    setFileHeaders(res, storedFileHeaders(file));
    if (INLINE.test(file.mediaType)) {
      res.set('Content-Disposition', contentDisposition(file.originalName, 'inline'));
    }
    // Chromium's PDF viewer does not run in a sandboxed document; a PDF still loads nothing else.
    if (file.mediaType === 'application/pdf') {
      res.set('Content-Security-Policy', "default-src 'none'; frame-ancestors 'self'");
    }
    return new StreamableFile(stream);
  }

  /** A notebook, listing or table read in the page (file-reading.ts); other files answer 404. */
  @Get('evidence/:id/view/files/:fileId/read')
  @Requires(Permission.EvidenceRead)
  @Render('evidence/read-file.njk')
  async readFile(@UuidParam() id: string, @UuidParam('fileId') fileId: string) {
    const evidence = await this.evidence.get(id);
    const { file, stream } = await this.files.download(id, fileId);
    if (!canRead(file.mediaType)) {
      stream.destroy();
      throw AppError.notFound('File');
    }
    const reading = await readStream(file.mediaType, file.size, stream);
    const href = `/evidence/${id}/view/files/${fileId}`;
    const { originalName: name, mediaType, size } = file;
    return {
      caption: `${evidence.reference} · ${evidence.title}`,
      back: { text: `Back to ${evidence.reference}`, href: `/evidence/${id}/view` },
      file: { name, mediaType, size, href },
      reading,
    };
  }

  /** "Remove this file?": the file, and whether the evidence can still change. */
  @Get('evidence/:id/files/:fileId/remove')
  @Requires(Permission.EvidenceWrite)
  @Render('evidence/remove.njk')
  removeFileForm(@UuidParam() id: string, @UuidParam('fileId') fileId: string) {
    return this.removal(id, fileId);
  }

  @Post('evidence/:id/files/:fileId/remove')
  @Requires(Permission.EvidenceWrite)
  async removeFile(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @UuidParam('fileId') fileId: string,
    @Res() res: Response,
  ) {
    try {
      await this.files.remove(user, id, fileId);
    } catch (error) {
      throw new FormRejection(
        'evidence/remove.njk',
        await this.removal(id, fileId),
        formErrorsOf(error),
        409,
      );
    }
    res.redirect(303, `/evidence/${id}/change?removed=file`);
  }

  /** "Delete this evidence?": what goes with it, and whether it can still be deleted. */
  @Get('evidence/:id/delete')
  @Requires(Permission.EvidenceWrite)
  @Render('evidence/remove.njk')
  deleteForm(@UuidParam() id: string) {
    return this.removal(id);
  }

  @Post('evidence/:id/delete')
  @Requires(Permission.EvidenceWrite)
  async delete(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Res() res: Response) {
    const { apprenticeshipId, reference } = await this.evidence.get(id);
    try {
      await this.evidence.remove(user, id);
    } catch (error) {
      throw new FormRejection(
        'evidence/remove.njk',
        await this.removal(id),
        formErrorsOf(error),
        409,
      );
    }
    res.redirect(303, `/portfolio/${apprenticeshipId}?deleted=${reference}`);
  }

  /** The confirmation page's model: the evidence, the file when one is named, and if it may go. */
  private async removal(id: string, fileId?: string) {
    const [evidence, changeable] = await Promise.all([
      this.evidence.get(id),
      this.revision.changeable(id),
    ]);
    const file = fileId ? evidence.files.find((f) => f.id === fileId) : undefined;
    if (fileId && !file) throw AppError.notFound('File');
    return { evidence, file, changeable };
  }
}
