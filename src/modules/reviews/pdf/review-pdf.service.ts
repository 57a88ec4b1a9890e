import { Injectable } from '@nestjs/common';
import { Writable } from 'node:stream';
import type { AuthUser } from '../../../common/auth/auth-user.js';
import { AuditWriter } from '../../../common/audit/audit-writer.js';
import { Database } from '../../../common/database/database.js';
import { AppError } from '../../../common/errors/app-error.js';
import { PortfolioService } from '../../portfolio/portfolio.service.js';
import { ReviewStore } from '../review-store.js';
import type { ReviewDocument } from './review-document.js';
import { renderReview } from './review-renderer.js';

interface HeaderRow {
  apprentice_name: string;
  uln: string;
  employer_name: string;
  provider_name: string;
  ukprn: string;
  code: string;
  version: string;
  title: string;
  level: number;
}

/** A signed progress review as a PDF: only once all three have signed, so it never changes. */
@Injectable()
export class ReviewPdfService {
  constructor(
    private readonly db: Database,
    private readonly store: ReviewStore,
    private readonly portfolio: PortfolioService,
    private readonly audit: AuditWriter,
  ) {}

  async pdf(user: AuthUser, reviewId: string): Promise<{ bytes: Buffer; fileName: string }> {
    const review = await this.store.dto(reviewId);
    if (!review.lockedAt) {
      throw AppError.conflict(
        `Progress review ${review.number} is not signed by all three yet: its PDF is made once it is`,
        { nextToSign: review.nextToSign },
      );
    }
    const [h] = await this.db.query<HeaderRow[]>(
      `SELECT ap.name AS apprentice_name, a.uln, emp.name AS employer_name,
              prov.name AS provider_name, prov.ukprn, s.code, s.version, s.title, s.level
       FROM apprenticeships a JOIN users ap ON ap.id = a.apprentice_id
       JOIN organisations emp ON emp.id = a.employer_id
       JOIN organisations prov ON prov.id = a.provider_id
       JOIN standards s ON s.id = a.standard_id WHERE a.id = $1`,
      [review.apprenticeshipId],
    );
    const doc: ReviewDocument = {
      generatedAt: review.lockedAt.toISOString(),
      apprentice: { name: h.apprentice_name, uln: h.uln },
      employer: { name: h.employer_name },
      provider: { name: h.provider_name, ukprn: h.ukprn },
      standard: { code: h.code, version: h.version, title: h.title, level: h.level },
      review: {
        ...review,
        signatures: review.signatures.map((s) => ({
          party: s.party,
          signedBy: s.signedBy!,
          signedAt: s.signedAt!.toISOString(),
          daysAfterMeeting: s.daysAfterMeeting!,
          late: s.late,
          contentSha256: s.contentSha256!,
        })),
      },
    };
    const chunks: Buffer[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk);
        done();
      },
    });
    await renderReview(doc, this.portfolio.pdfTemplate, sink);
    await this.audit.record({
      apprenticeshipId: review.apprenticeshipId,
      actorId: user.id,
      action: 'progress_review.pdf_downloaded',
      entityType: 'progress_review',
      entityId: review.id,
      after: { number: review.number },
    });
    return {
      bytes: Buffer.concat(chunks),
      fileName: `progress-review-${h.uln}-${review.number}.pdf`,
    };
  }
}
