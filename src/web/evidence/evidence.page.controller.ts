import { Clock } from '../../common/clock/clock.js';
import {
  Body,
  Controller,
  Get,
  Post,
  Query,
  Render,
  Res,
  UploadedFiles,
  UseInterceptors,
} from '@nestjs/common';
import type { Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CurrentUser } from '../../common/auth/decorators.js';
import { UuidParam } from '../../common/uuid-param.decorator.js';
import { Permission, roleHolds } from '../../modules/access/permission.js';
import { Requires } from '../../modules/access/requires.decorator.js';
import { ApprenticeshipsService } from '../../modules/apprenticeships/apprenticeships.service.js';
import { CoverageService } from '../../modules/coverage/coverage.service.js';
import {
  CreateCommentDto,
  CreateEvidenceFormDto,
} from '../../modules/evidence/dto/evidence-input.dto.js';
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
import { SubmitOnce } from '../submit-once.js';
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
  forCriterionOf,
  suggestionsForForm,
} from './evidence-form.js';
import type { PostedForm } from '../forms.js';
import { PageFilesInterceptor, RefusedUpload, withRefusedUpload } from './page-uploads.js';

/** The banner after a save, by the `saved` the save's redirect names. */
const SAVED: Record<string, string> = {
  draft: 'Saved as a draft. Submit it for review when it is ready.',
  submitted: 'Submitted for review: your tutor can now review it.',
  changed: 'Your changes are saved.',
};

/** Evidence pages: add it (files, links, tags, submit in one request), read it, comment on it. */
@WebPage()
@Controller()
export class EvidencePageController {
  constructor(
    private readonly apprenticeships: ApprenticeshipsService,
    private readonly coverage: CoverageService,
    private readonly evidence: EvidenceService,
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
  @SubmitOnce('evidence.add')
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
    res.redirect(303, `/evidence/${created.id}/view?saved=${value.submit ? 'submitted' : 'draft'}`);
  }

  @Get('evidence/:id/view')
  @Requires(Permission.EvidenceRead)
  @Render('evidence/view.njk')
  async view(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Query('saved') saved?: unknown,
  ) {
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
      // Said once, after the save that led here (an unknown value says nothing).
      saved: typeof saved === 'string' ? SAVED[saved] : undefined,
    };
  }

  @Post('evidence/:id/add-comment')
  @Requires(Permission.EvidenceComment)
  @SubmitOnce('evidence.comment')
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
  @SubmitOnce('evidence.submit')
  async submit(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Res() res: Response) {
    try {
      await this.review.submit(user, id);
    } catch (error) {
      const errors = formErrorsOf(error, EVIDENCE_FRIENDLY);
      throw new FormRejection('evidence/view.njk', await this.view(user, id), errors);
    }
    res.redirect(303, `/evidence/${id}/view?saved=submitted`);
  }

  private async formModel(apprenticeshipId: string, form: PostedForm, suggested?: SuggestionDto[]) {
    const [apprenticeship, coverage] = await Promise.all([
      this.apprenticeships.get(apprenticeshipId),
      this.coverage.forApprenticeship(apprenticeshipId),
    ]);
    return { apprenticeship, ...evidenceFormModel(coverage.criteria, form, suggested) };
  }
}
