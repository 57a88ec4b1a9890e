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
import { Permission } from '../../modules/access/permission.js';
import { Requires } from '../../modules/access/requires.decorator.js';
import { ApprenticeshipsService } from '../../modules/apprenticeships/apprenticeships.service.js';
import { CoverageService } from '../../modules/coverage/coverage.service.js';
import { CreateEvidenceFormDto } from '../../modules/evidence/dto/evidence-input.dto.js';
import { EvidenceRevisionService } from '../../modules/evidence/evidence-revision.service.js';
import { EvidenceService } from '../../modules/evidence/evidence.service.js';
import { UploadCleanupInterceptor } from '../../modules/evidence/upload-cleanup.interceptor.js';
import { storedUploadOf } from '../../modules/storage/upload/upload-storage.engine.js';
import { SuggestionsService } from '../../modules/suggestions/suggestions.service.js';
import type { SuggestionDto } from '../../modules/suggestions/dto/suggestion.dto.js';
import { formErrorsOf, FormRejection, validateForm } from '../forms.js';
import type { FormErrors } from '../forms.js';
import { WebPage } from '../web-page.decorator.js';
import {
  atClaimFields,
  evidenceBody,
  withActivityDateRule,
  withFormRules,
  evidenceFormModel,
  evidenceFriendly,
  postedFormOf,
  suggestionsForForm,
} from './evidence-form.js';
import type { PostedForm } from '../forms.js';
import { PageFilesInterceptor, RefusedUpload, withRefusedUpload } from './page-uploads.js';

/** The apprentice's "fix and resubmit": change the evidence, its claims and files, and submit. */
@WebPage()
@Controller()
export class ChangeEvidencePageController {
  constructor(
    private readonly apprenticeships: ApprenticeshipsService,
    private readonly coverage: CoverageService,
    private readonly evidence: EvidenceService,
    private readonly revision: EvidenceRevisionService,
    private readonly suggestions: SuggestionsService,
    private readonly clock: Clock,
  ) {}

  @Get('evidence/:id/change')
  @Requires(Permission.EvidenceWrite)
  @Render('evidence/change.njk')
  async form(@UuidParam() id: string, @Query('removed') removed?: unknown) {
    // After "Remove" on one of its files (EvidenceFilesPageController): said once.
    return { ...(await this.model(id)), fileRemoved: removed === 'file' };
  }

  /**
   * PATCH, PUT tags, POST files and submit of the API in one multipart post (one transaction):
   * the same services, the same DTO as adding evidence, the same upload clean-up on errors.
   */
  @Post('evidence/:id/change')
  @Requires(Permission.EvidenceWrite)
  @UseInterceptors(UploadCleanupInterceptor, PageFilesInterceptor)
  async change(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() form: PostedForm,
    @Res() res: Response,
    @UploadedFiles() uploaded?: Express.Multer.File[],
    @RefusedUpload() refused?: string,
  ) {
    const filesLost = !!uploaded?.length || refused !== undefined;
    if ([form.intent].flat().includes('suggest')) {
      // Nothing is saved: suggestions from the form's words and the files, added or chosen now.
      const saved = await this.evidence.get(id);
      const suggested = await suggestionsForForm(
        form,
        (draft) =>
          this.suggestions.forDraft(saved.apprenticeshipId, draft, {
            changing: id,
            unsaved: (uploaded ?? []).map(storedUploadOf),
          }),
        saved.files.map((f) => f.id),
      );
      const errors = withRefusedUpload(suggested.errors, refused);
      const model = await this.model(id, form, suggested.suggestions);
      throw new FormRejection(
        'evidence/change.njk',
        { ...model, suggestionsAsked: true, filesLost },
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
    const reject = async (e: FormErrors) => {
      const model = await this.model(id, form);
      throw new FormRejection(
        'evidence/change.njk',
        { ...model, filesLost },
        atClaimFields(e, form),
      );
    };
    const problems = withRefusedUpload(withFormRules(errors, form), refused);
    if (problems) {
      const { apprenticeshipId } = await this.evidence.get(id);
      const { startDate } = await this.apprenticeships.get(apprenticeshipId);
      return reject(withActivityDateRule(problems, form, startDate, this.clock.today()));
    }
    try {
      await this.revision.revise(user, id, value, (uploaded ?? []).map(storedUploadOf));
    } catch (error) {
      return reject(formErrorsOf(error, friendly));
    }
    res.redirect(303, `/evidence/${id}/view?saved=${value.submit ? 'submitted' : 'changed'}`);
  }

  /** The change form; it opens with suggestions from what is saved. */
  private async model(id: string, posted?: PostedForm, suggested?: SuggestionDto[]) {
    const evidence = await this.evidence.get(id);
    const [apprenticeship, coverage, changeable, saved] = await Promise.all([
      this.apprenticeships.get(evidence.apprenticeshipId),
      this.coverage.forApprenticeship(evidence.apprenticeshipId),
      this.revision.changeable(id),
      suggested ? undefined : this.suggestions.forEvidence(id),
    ]);
    return {
      evidence,
      apprenticeship,
      changeable,
      filesLabel: 'Add files (optional)',
      ...evidenceFormModel(
        coverage.criteria,
        posted ?? postedFormOf(evidence),
        suggested ?? saved?.suggestions,
      ),
    };
  }
}
