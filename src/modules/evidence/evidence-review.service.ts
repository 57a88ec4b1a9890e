import { Injectable } from '@nestjs/common';
import { AuthUser } from '../../common/auth/auth-user.js';
import { Database } from '../../common/database/database.js';
import { AppError, FieldError } from '../../common/errors/app-error.js';
import { AuditWriter } from '../../common/audit/audit-writer.js';
import { EvidenceDto } from './dto/evidence.dto.js';
import { CreateEvidenceFormDto, ReviewEvidenceDto, TagClaimDto } from './dto/evidence-input.dto.js';
import { StoredUpload } from '../storage/upload/upload-storage.engine.js';
import { EvidenceStore } from './evidence-store.js';
import { auditShape } from './evidence-rules.js';
import { checkDecisions, TagState } from './review-rules.js';
import { EvidenceView } from './evidence-view.js';
import { EvidenceService } from './evidence.service.js';
import { CommentEntity } from './entities/comment.entity.js';
import { EvidenceTagEntity } from './entities/evidence-tag.entity.js';
import { EvidenceEntity, referenceOf } from './entities/evidence.entity.js';
import { CRITERION_CODE } from '../../common/vocabulary.js';
import { Clock } from '../../common/clock/clock.js';

/** Why evidence that is not submitted is not reviewed, in words. */
const NOT_WAITING: Record<string, string> = {
  draft: 'it is still a draft',
  accepted: 'it was accepted',
  changes_requested: 'changes were requested and it is back with its apprentice',
};

/** Tags, submission, review and the comment thread: the conversation around a piece of evidence. */
@Injectable()
export class EvidenceReviewService {
  constructor(
    private readonly db: Database,
    private readonly store: EvidenceStore,
    private readonly evidence: EvidenceService,
    private readonly view: EvidenceView,
    private readonly audit: AuditWriter,
    private readonly clock: Clock,
  ) {}

  /** New evidence with its claims, submitted when asked: one transaction, one request. */
  async create(
    user: AuthUser,
    apprenticeshipId: string,
    dto: CreateEvidenceFormDto,
    uploads: StoredUpload[],
  ): Promise<EvidenceDto> {
    const { tags, submit, ...fields } = dto;
    if (submit && !tags?.length)
      throw AppError.field('tags', 'must claim at least one criterion to submit');
    return this.db.transaction(async () => {
      let created = await this.evidence.create(user, apprenticeshipId, fields, uploads);
      if (tags?.length) created = await this.putTags(user, created.id, tags);
      if (submit) created = await this.submit(user, created.id);
      return created;
    });
  }

  /** Replaces the apprentice's claims. Codes must belong to the apprenticeship's standard version. */
  async putTags(user: AuthUser, evidenceId: string, claims: TagClaimDto[]): Promise<EvidenceDto> {
    return this.db.transaction(async () => {
      const m = this.db.manager;
      const evidence = await this.store.load(evidenceId, true);
      await this.store.assertChangeable(evidence);
      const criteria = await this.criteriaByCode(
        evidence,
        claims.map((c) => c.code),
      );
      const errors: FieldError[] = [];
      const seen = new Set<string>();
      claims.forEach((c, i) => {
        if (!criteria.has(c.code))
          errors.push({
            field: `tags.${i}.code`,
            message: CRITERION_CODE.test(c.code)
              ? `is "${c.code}", which is not a criterion of this apprenticeship's standard`
              : `is "${c.code}", which is not a criterion code (K, S, B or D and a number, e.g. K5)`,
          });
        if (seen.has(c.code))
          errors.push({ field: `tags.${i}.code`, message: `is "${c.code}", tagged twice` });
        seen.add(c.code);
      });
      if (errors.length > 0) throw AppError.validation(errors);

      const before = await this.tagStates(evidence.id);
      await m.delete(EvidenceTagEntity, { evidenceId: evidence.id });
      if (claims.length > 0) {
        await m.insert(
          EvidenceTagEntity,
          claims.map((c) => ({
            evidenceId: evidence.id,
            criterionId: criteria.get(c.code)!,
            justification: c.justification,
          })),
        );
      }
      await this.audit.record({
        apprenticeshipId: evidence.apprenticeshipId,
        actorId: user.id,
        action: 'evidence.tags_set',
        entityType: 'evidence',
        entityId: evidence.id,
        before: { reference: referenceOf(evidence), tags: before },
        after: {
          reference: referenceOf(evidence),
          tags: claims.map((c) => ({ code: c.code, justification: c.justification })),
        },
      });
      return this.view.toDto(evidence);
    });
  }

  async submit(user: AuthUser, evidenceId: string): Promise<EvidenceDto> {
    return this.db.transaction(async () => {
      const m = this.db.manager;
      const evidence = await this.store.load(evidenceId, true);
      await this.store.assertChangeable(evidence);
      if (evidence.status === 'submitted')
        throw AppError.conflict(`${referenceOf(evidence)} is already submitted`);
      const tags = await this.tagStates(evidence.id);
      if (tags.length === 0)
        throw AppError.field('tags', 'must claim at least one criterion before submitting');
      const before = evidence.status;
      await m.update(
        EvidenceTagEntity,
        { evidenceId: evidence.id },
        { status: 'claimed', decidedById: null, decidedAt: null, reason: null },
      );
      Object.assign(evidence, { status: 'submitted', submittedAt: this.clock.now() });
      await m.update(EvidenceEntity, evidence.id, {
        status: evidence.status,
        submittedAt: evidence.submittedAt,
      });
      await this.audit.record({
        apprenticeshipId: evidence.apprenticeshipId,
        actorId: user.id,
        action: 'evidence.submitted',
        entityType: 'evidence',
        entityId: evidence.id,
        before: { status: before },
        after: { status: 'submitted' },
      });
      return this.view.toDto(evidence);
    });
  }

  /** A provider user's decision on each tag and on the evidence as a whole. */
  async review(user: AuthUser, evidenceId: string, dto: ReviewEvidenceDto): Promise<EvidenceDto> {
    return this.db.transaction(async () => {
      const m = this.db.manager;
      const evidence = await this.store.load(evidenceId, true);
      if (evidence.apprenticeship.status !== 'in_training') {
        throw AppError.conflict(
          `The apprenticeship is at ${evidence.apprenticeship.status}; its evidence is no longer reviewed`,
        );
      }
      if (evidence.status !== 'submitted') {
        throw AppError.conflict(
          `${referenceOf(evidence)} is not waiting for review (${NOT_WAITING[evidence.status]}): only submitted evidence can be reviewed`,
        );
      }
      const before = await this.tagStates(evidence.id);
      checkDecisions(dto, before);
      const now = this.clock.now();
      for (const d of dto.decisions) {
        await m.query(
          `UPDATE evidence_tags t SET status = $1, decided_by_id = $2, decided_at = $3, reason = $4
           FROM criteria c WHERE c.id = t.criterion_id AND t.evidence_id = $5 AND c.code = $6`,
          [
            d.decision,
            user.id,
            now,
            d.decision === 'rejected' ? d.reason! : (d.reason ?? null),
            evidence.id,
            d.code,
          ],
        );
      }
      evidence.status = dto.outcome;
      await m.update(EvidenceEntity, evidence.id, { status: dto.outcome });
      if (dto.comment)
        await m.insert(CommentEntity, {
          evidenceId: evidence.id,
          authorId: user.id,
          body: dto.comment,
          createdAt: now,
        });
      await this.audit.record({
        apprenticeshipId: evidence.apprenticeshipId,
        actorId: user.id,
        action: 'evidence.reviewed',
        entityType: 'evidence',
        entityId: evidence.id,
        before: { status: 'submitted', tags: before },
        // What was reviewed, in full: the evidence view diffs a resubmission against it.
        after: {
          status: dto.outcome,
          tags: await this.tagStates(evidence.id),
          comment: dto.comment ?? null,
          reviewed: {
            ...auditShape(evidence),
            justifications: await this.justifications(evidence.id),
          },
        },
      });
      return this.view.toDto(evidence);
    });
  }

  private async criteriaByCode(evidence: EvidenceEntity, codes: string[]) {
    const rows = await this.db.query<{ id: string; code: string }[]>(
      'SELECT id, code FROM criteria WHERE standard_id = $1 AND code = ANY($2)',
      [evidence.apprenticeship.standardId, codes],
    );
    return new Map(rows.map((r) => [r.code, r.id]));
  }

  private async justifications(evidenceId: string): Promise<Record<string, string>> {
    const rows = await this.db.query<{ code: string; justification: string }[]>(
      `SELECT c.code, t.justification FROM evidence_tags t JOIN criteria c ON c.id = t.criterion_id
       WHERE t.evidence_id = $1`,
      [evidenceId],
    );
    return Object.fromEntries(rows.map((r) => [r.code, r.justification]));
  }

  private tagStates(evidenceId: string): Promise<TagState[]> {
    return this.db.query<TagState[]>(
      `SELECT c.code, t.status, t.reason FROM evidence_tags t JOIN criteria c ON c.id = t.criterion_id
       WHERE t.evidence_id = $1 ORDER BY c.position`,
      [evidenceId],
    );
  }
}
