import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { Database } from '../../common/database/database.js';
import { AppError } from '../../common/errors/app-error.js';
import type { ProgressReviewDto } from './dto/progress-review.dto.js';
import { ProgressReviewSignatureEntity } from './progress-review-signature.entity.js';
import { ProgressReviewEntity } from './progress-review.entity.js';
import { type SignatureRow, toReviewDto } from './review-view.js';

/** Loading reviews and their signatures, shared by recording, signing and the PDF. */
@Injectable()
export class ReviewStore {
  constructor(private readonly db: Database) {}

  /** With `lock`, the row is locked for the rest of the transaction (no relations: FOR UPDATE). */
  async load(id: string, lock = false): Promise<ProgressReviewEntity> {
    const found = await this.db.manager.findOne(ProgressReviewEntity, {
      where: { id },
      ...(lock
        ? { lock: { mode: 'pessimistic_write' as const } }
        : { relations: { createdBy: true } }),
    });
    if (!found) throw AppError.notFound('Progress review');
    return found;
  }

  latest(apprenticeshipId: string): Promise<ProgressReviewEntity | null> {
    return this.db.manager.findOne(ProgressReviewEntity, {
      where: { apprenticeshipId },
      order: { number: 'DESC' },
    });
  }

  byNumber(apprenticeshipId: string, number: number): Promise<ProgressReviewEntity | null> {
    return this.db.manager.findOneBy(ProgressReviewEntity, { apprenticeshipId, number });
  }

  async signatures(reviewIds: string[]): Promise<(SignatureRow & { reviewId: string })[]> {
    if (reviewIds.length === 0) return [];
    const rows = await this.db.manager.find(ProgressReviewSignatureEntity, {
      where: { reviewId: In(reviewIds) },
      relations: { signedBy: true },
    });
    return rows.map((s) => ({
      reviewId: s.reviewId,
      party: s.party,
      signedBy: s.signedBy.name,
      signedAt: s.signedAt,
      contentSha256: s.contentSha256,
    }));
  }

  hasLater(review: ProgressReviewEntity): Promise<boolean> {
    return this.db.manager.existsBy(ProgressReviewEntity, {
      apprenticeshipId: review.apprenticeshipId,
      number: review.number + 1,
    });
  }

  /** 409 once anyone has signed, or once a later review has been recorded. */
  async assertEditable(review: ProgressReviewEntity): Promise<void> {
    const [first] = await this.signatures([review.id]);
    if (first) {
      throw AppError.conflict(
        `Progress review ${review.number} has been signed (by the ${first.party} first): a signed record cannot be changed`,
      );
    }
    if (await this.hasLater(review)) {
      throw AppError.conflict(
        `A later progress review has been recorded: review ${review.number} can no longer be changed`,
      );
    }
  }

  async dto(id: string): Promise<ProgressReviewDto> {
    const review = await this.load(id);
    return toReviewDto(review, await this.signatures([id]), await this.hasLater(review));
  }
}
