import { Clock } from '../../common/clock/clock.js';
import {
  Body,
  Controller,
  Get,
  Post,
  Query,
  Render,
  Res,
  StreamableFile,
  UploadedFiles,
  UseInterceptors,
} from '@nestjs/common';
import type { Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CurrentUser } from '../../common/auth/decorators.js';
import { AppError } from '../../common/errors/app-error.js';
import { contentDisposition, setFileHeaders } from '../../common/http/file-response.js';
import { UuidParam } from '../../common/uuid-param.decorator.js';
import { Permission, roleHolds } from '../../modules/access/permission.js';
import { Requires } from '../../modules/access/requires.decorator.js';
import { ApprenticeshipsService } from '../../modules/apprenticeships/apprenticeships.service.js';
import { CoverageService } from '../../modules/coverage/coverage.service.js';
import {
  CreateCommentDto,
  CreateEvidenceFormDto,
} from '../../modules/evidence/dto/evidence-input.dto.js';
import { EvidenceFilesService } from '../../modules/evidence/evidence-files.service.js';
import { EvidenceCommentsService } from '../../modules/evidence/evidence-comments.service.js';
import { EvidenceReviewService } from '../../modules/evidence/evidence-review.service.js';
import { EvidenceRevisionService } from '../../modules/evidence/evidence-revision.service.js';
import { EvidenceService } from '../../modules/evidence/evidence.service.js';
import { UploadCleanupInterceptor } from '../../modules/evidence/upload-cleanup.interceptor.js';
import { storedUploadOf } from '../../modules/storage/upload/upload-storage.engine.js';
import { SuggestionsService } from '../../modules/suggestions/suggestions.service.js';
import type { SuggestionDto } from '../../modules/suggestions/dto/suggestion.dto.js';
import { PageQueryDto } from '../../common/dto/page.dto.js';
import { formErrorsOf, FormRejection, validateForm } from '../forms.js';
import { WebPage } from '../web-page.decorator.js';
import {
  AddEvidenceQueryDto,
  atClaimFields,
  EVIDENCE_FRIENDLY,
  evidenceBody,
  withActivityDateRule,
  withFormRules,
  evidenceFormModel,
  evidenceFriendly,
  suggestionsForForm,
} from './evidence-form.js';
import type { PostedForm } from '../forms.js';
import { canRead, readStream } from './file-reading.js';
import { PageFilesInterceptor, RefusedUpload, withRefusedUpload } from './page-uploads.js';

/** Shown in the page itself: images, and PDFs in the browser's viewer. */
const INLINE = /^(image\/(png|jpeg|gif|webp)|application\/pdf)$/;

/** Evidence pages: add it (files, links, tags, submit in one request), read it, comment on it. */
@WebPage()
@Controller()
export class EvidencePageController {
  constructor(
    private readonly apprenticeships: ApprenticeshipsService,
    private readonly coverage: CoverageService,
    private readonly evidence: EvidenceService,
    private readonly files: EvidenceFilesService,
    private readonly review: EvidenceReviewService,
    private readonly comments: EvidenceCommentsService,
    private readonly revision: EvidenceRevisionService,
    private readonly suggestions: SuggestionsService,
    private readonly clock: Clock,
  ) {}

  @Get('portfolio/:id/add-evidence')
  @Requires(Permission.EvidenceCreate)
  @Render('evidence/add.njk')
  async addForm(@UuidParam() id: string, @Query() { criterion }: AddEvidenceQueryDto) {
    const model = await this.formModel(id, criterion ? { tags: [criterion] } : {});
    return { ...model, forCriterion: forCriterionOf(model, criterion) };
  }

  /** The same multipart create as POST /api/apprenticeships/:id/evidence, through the same pipeline. */
  @Post('portfolio/:id/add-evidence')
  @Requires(Permission.EvidenceCreate)
  @UseInterceptors(UploadCleanupInterceptor, PageFilesInterceptor)
  async add(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() form: PostedForm,
    @Res() res: Response,
    @UploadedFiles() uploaded?: Express.Multer.File[],
    @RefusedUpload() refused?: string,
  ) {
    if ([form.intent].flat().includes('suggest')) {
      // Nothing is saved: the form comes back with suggestions, which read the files chosen too
      // (they are not kept: the page says to choose them again, or its script keeps them chosen).
      const suggested = await suggestionsForForm(form, (draft) =>
        this.suggestions.forDraft(id, draft, { unsaved: (uploaded ?? []).map(storedUploadOf) }),
      );
      const { suggestions } = suggested;
      const errors = withRefusedUpload(suggested.errors, refused);
      const model = await this.formModel(id, form, suggestions);
      throw new FormRejection(
        'evidence/add.njk',
        {
          ...model,
          forCriterion: forCriterionOf(model, form.forCriterion),
          suggestionsAsked: true,
          filesLost: !!uploaded?.length || refused !== undefined,
        },
        errors,
        errors ? 422 : 200,
      );
    }
    const friendly = evidenceFriendly(form);
    const { value, errors } = await validateForm(
      CreateEvidenceFormDto,
      evidenceBody(form),
      friendly,
    );
    const reject = async (e: typeof errors) => {
      const model = await this.formModel(id, form);
      throw new FormRejection(
        'evidence/add.njk',
        {
          ...model,
          forCriterion: forCriterionOf(model, form.forCriterion),
          filesLost: !!uploaded?.length || refused !== undefined,
        },
        atClaimFields(e!, form),
      );
    };
    const problems = withRefusedUpload(withFormRules(errors, form), refused);
    if (problems) {
      const { startDate } = await this.apprenticeships.get(id);
      return reject(withActivityDateRule(problems, form, startDate, this.clock.today()));
    }
    let created;
    try {
      created = await this.review.create(user, id, value, (uploaded ?? []).map(storedUploadOf));
    } catch (error) {
      return reject(formErrorsOf(error, friendly));
    }
    res.redirect(303, `/evidence/${created.id}/view`);
  }

  @Get('evidence/:id/view')
  @Requires(Permission.EvidenceRead)
  @Render('evidence/view.njk')
  async view(@CurrentUser() user: AuthUser, @UuidParam() id: string) {
    const evidence = await this.evidence.get(id);
    const mayWrite = roleHolds(user.role, Permission.EvidenceWrite);
    const [apprenticeship, comments, changeable] = await Promise.all([
      this.apprenticeships.get(evidence.apprenticeshipId),
      this.comments.list(id, Object.assign(new PageQueryDto(), { limit: 200, offset: 0 })),
      mayWrite ? this.revision.changeable(id) : false,
    ]);
    return {
      evidence,
      apprenticeship,
      comments: comments.items,
      canComment: roleHolds(user.role, Permission.EvidenceComment),
      canReview: roleHolds(user.role, Permission.EvidenceReview) && evidence.status === 'submitted',
      canSubmit: mayWrite && evidence.status === 'draft',
      canChange: changeable,
    };
  }

  @Post('evidence/:id/add-comment')
  @Requires(Permission.EvidenceComment)
  async comment(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() form: PostedForm,
    @Res() res: Response,
  ) {
    const { value, errors } = await validateForm(
      CreateCommentDto,
      { body: form.body },
      {
        body: 'Enter a comment',
      },
    );
    if (errors) {
      throw new FormRejection('evidence/view.njk', await this.view(user, id), errors);
    }
    await this.comments.add(user, id, value);
    res.redirect(303, `/evidence/${id}/view#comments`);
  }

  @Post('evidence/:id/send-for-review')
  @Requires(Permission.EvidenceWrite)
  async submit(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Res() res: Response) {
    try {
      await this.review.submit(user, id);
    } catch (error) {
      const errors = formErrorsOf(error, EVIDENCE_FRIENDLY);
      throw new FormRejection('evidence/view.njk', await this.view(user, id), errors);
    }
    res.redirect(303, `/evidence/${id}/view`);
  }

  /** A file of the evidence, by cookie: images and PDFs open in the browser, others download. */
  @Get('evidence/:id/view/files/:fileId')
  @Requires(Permission.EvidenceRead)
  async file(
    @UuidParam() id: string,
    @UuidParam('fileId') fileId: string,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { file, stream } = await this.files.download(id, fileId);
    setFileHeaders(res, {
      name: file.originalName,
      mediaType: file.mediaType,
      size: file.size,
      sha256: file.sha256,
    });
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

  private async formModel(apprenticeshipId: string, form: PostedForm, suggested?: SuggestionDto[]) {
    const [apprenticeship, coverage] = await Promise.all([
      this.apprenticeships.get(apprenticeshipId),
      this.coverage.forApprenticeship(apprenticeshipId),
    ]);
    return { apprenticeship, ...evidenceFormModel(coverage.criteria, form, suggested) };
  }
}

/**
 * The criterion the page was opened for ("Add evidence for K22"), named while it is a criterion of
 * this standard that is still ticked: the notice stays on a page that comes back with errors or
 * suggestions, and goes once the apprentice unticks it.
 */
function forCriterionOf(
  model: ReturnType<typeof evidenceFormModel>,
  code: unknown,
): string | undefined {
  const cells = [...model.suggested, ...model.groups.flatMap((g) => g.cells)];
  return cells.some((c) => c.code === code && c.checked) ? (code as string) : undefined;
}
