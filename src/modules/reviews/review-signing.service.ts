import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { AuditWriter } from '../../common/audit/audit-writer.js';
import { Database } from '../../common/database/database.js';
import { AppError } from '../../common/errors/app-error.js';
import type { ReviewParty } from '../../common/vocabulary.js';
import type { ProgressReviewDto } from './dto/progress-review.dto.js';
import { ProgressReviewSignatureEntity } from './progress-review-signature.entity.js';
import { ProgressReviewEntity } from './progress-review.entity.js';
import { completenessProblems } from './review-rules.js';
import { ReviewStore } from './review-store.js';
import { contentSha256Of, nextToSign } from './review-view.js';
import { Clock } from '../../common/clock/clock.js';

/**
 * Signing a progress review, in turn: provider, then employer, then apprentice. Each person signs
 * only their own party's signature — the party is the signer's own role, never a parameter — and
 * the access room has already limited them to their own apprenticeships (the provider's users,
 * the employer's users, the apprentice). The last signature locks the record.
 */
@Injectable()
export class ReviewSigningService {
  constructor(
    private readonly db: Database,
    private readonly store: ReviewStore,
    private readonly audit: AuditWriter,
    private readonly clock: Clock,
  ) {}

  async sign(user: AuthUser, reviewId: string): Promise<ProgressReviewDto> {
    // Permission.ProgressReviewSign is held by exactly the three parties' roles.
    const party = user.role as ReviewParty;
    await this.db.transaction(async () => {
      const m = this.db.manager;
      const review = await this.store.load(reviewId, true);
      const signed = await this.store.signatures([review.id]);
      const mine = signed.find((s) => s.party === party);
      if (mine) {
        throw AppError.conflict(`The ${party} has already signed this review (${mine.signedBy})`);
      }
      const next = nextToSign(signed);
      if (next !== party) {
        throw AppError.conflict(`The ${next} signs before the ${party}`, { nextToSign: next });
      }
      if (party === 'provider') {
        const problems = completenessProblems(review);
        if (problems.length > 0) throw AppError.validation(problems);
      }
      const contentSha256 = contentSha256Of(review);
      const signature = await m.save(
        m.create(ProgressReviewSignatureEntity, {
          reviewId: review.id,
          party,
          signedById: user.id,
          contentSha256,
          signedAt: this.clock.now(),
        }),
      );
      const locked = nextToSign([...signed, { party }]) === null;
      if (locked) await m.update(ProgressReviewEntity, review.id, { lockedAt: signature.signedAt });
      await this.audit.record({
        apprenticeshipId: review.apprenticeshipId,
        actorId: user.id,
        action: 'progress_review.signed',
        entityType: 'progress_review',
        entityId: review.id,
        before: { signed: signed.map((s) => s.party) },
        after: { number: review.number, party, contentSha256, locked },
      });
    });
    return this.store.dto(reviewId);
  }
}
