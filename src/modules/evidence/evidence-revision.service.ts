import { Injectable } from '@nestjs/common';
import { AuthUser } from '../../common/auth/auth-user.js';
import { Database } from '../../common/database/database.js';
import { AppError } from '../../common/errors/app-error.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import { StoredUpload } from '../storage/upload/upload-storage.engine.js';
import { CreateEvidenceFormDto } from './dto/evidence-input.dto.js';
import { EvidenceDto } from './dto/evidence.dto.js';
import { EvidenceFilesService } from './evidence-files.service.js';
import { EvidenceReviewService } from './evidence-review.service.js';
import { EvidenceStore } from './evidence-store.js';
import { EvidenceView } from './evidence-view.js';
import { EvidenceService } from './evidence.service.js';

type Fields = Omit<CreateEvidenceFormDto, 'tags' | 'submit'>;

const sameFields = (current: EvidenceDto, next: Fields) =>
  current.title === next.title &&
  current.description === (next.description ?? '') &&
  current.kind === next.kind &&
  current.activityDate === next.activityDate &&
  JSON.stringify(current.links) === JSON.stringify(next.links ?? []);

const claimsOf = (claims: { code: string; justification: string }[]) =>
  JSON.stringify(
    claims
      .map(({ code, justification }) => [code, justification])
      .sort(([a], [b]) => a.localeCompare(b)),
  );

/**
 * The apprentice's "fix and resubmit" from one form: the fields (PATCH /evidence/:id), the claims
 * (PUT /evidence/:id/tags), new files (POST /evidence/:id/files) and, when asked, the submit —
 * each through the very service the API's route calls, all in one transaction so that a refused
 * submit leaves nothing half changed. What did not change is not written, so the audit trail and
 * "changed since the last review" name only real changes.
 */
@Injectable()
export class EvidenceRevisionService {
  constructor(
    private readonly db: Database,
    private readonly store: EvidenceStore,
    private readonly view: EvidenceView,
    private readonly evidence: EvidenceService,
    private readonly files: EvidenceFilesService,
    private readonly review: EvidenceReviewService,
  ) {}

  async revise(
    user: AuthUser,
    evidenceId: string,
    dto: CreateEvidenceFormDto,
    uploads: StoredUpload[],
  ): Promise<EvidenceDto> {
    const { tags = [], submit, ...fields } = dto;
    return this.db.transaction(async () => {
      const entity = await this.store.load(evidenceId, true);
      await this.store.assertChangeable(entity);
      let current = await this.view.toDto(entity);
      if (!sameFields(current, fields))
        current = await this.evidence.update(user, evidenceId, fields);
      if (claimsOf(current.tags) !== claimsOf(tags))
        current = await this.review.putTags(user, evidenceId, tags);
      if (uploads.length > 0) current = await this.files.add(user, evidenceId, uploads);
      if (submit) current = await this.review.submit(user, evidenceId);
      return current;
    });
  }

  /** Whether the apprentice may still change it: the rule PATCH applies, asked without changing. */
  async changeable(evidenceId: string): Promise<boolean> {
    try {
      await this.store.assertChangeable(await this.store.load(evidenceId));
      return true;
    } catch (error) {
      if (error instanceof AppError && error.code === ErrorCode.Conflict) return false;
      throw error;
    }
  }
}
