import { Module } from '@nestjs/common';
import { ApprenticeshipsModule } from '../apprenticeships/apprenticeships.module.js';
import { CoverageModule } from '../coverage/coverage.module.js';
import { OtjModule } from '../otj/otj.module.js';
import { PortfolioModule } from '../portfolio/portfolio.module.js';
import { ReviewPdfService } from './pdf/review-pdf.service.js';
import { ProgressReviewsController } from './progress-reviews.controller.js';
import { ProgressReviewsService } from './progress-reviews.service.js';
import { ReviewChangesService } from './review-changes.js';
import { ReviewOtjSource } from './review-otj.js';
import { ReviewSigningService } from './review-signing.service.js';
import { ReviewStore } from './review-store.js';
import { ReviewsToSign } from './reviews-to-sign.js';

/** Progress reviews: the schedule, the pre-filled record, signing in turn and the signed PDF. */
@Module({
  imports: [ApprenticeshipsModule, CoverageModule, OtjModule, PortfolioModule],
  controllers: [ProgressReviewsController],
  providers: [
    ProgressReviewsService,
    ReviewSigningService,
    ReviewPdfService,
    ReviewChangesService,
    ReviewOtjSource,
    ReviewStore,
    ReviewsToSign,
  ],
  exports: [ProgressReviewsService, ReviewSigningService, ReviewPdfService, ReviewsToSign],
})
export class ProgressReviewsModule {}
