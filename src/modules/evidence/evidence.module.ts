import { Module } from '@nestjs/common';
import { ApprenticeshipsModule } from '../apprenticeships/apprenticeships.module.js';
import { PageImagesModule } from '../portfolio/page-images.module.js';
import { EvidenceChanges } from './evidence-changes.js';
import { EvidenceCommentsController } from './evidence-comments.controller.js';
import { EvidenceCommentsService } from './evidence-comments.service.js';
import { EvidenceQueueService } from './evidence-queue.service.js';
import { EvidenceStore } from './evidence-store.js';
import { EvidenceFilesService } from './evidence-files.service.js';
import { EvidenceOrphanSweeper } from './evidence-orphans.js';
import { EvidenceReviewService } from './evidence-review.service.js';
import { EvidenceRevisionService } from './evidence-revision.service.js';
import { EvidenceView } from './evidence-view.js';
import { EvidenceController } from './evidence.controller.js';
import { EvidenceService } from './evidence.service.js';
import { FileTextService } from './file-text.service.js';

@Module({
  imports: [ApprenticeshipsModule, PageImagesModule],
  controllers: [EvidenceController, EvidenceCommentsController],
  providers: [
    EvidenceService,
    EvidenceFilesService,
    EvidenceReviewService,
    EvidenceRevisionService,
    EvidenceStore,
    EvidenceQueueService,
    EvidenceChanges,
    EvidenceCommentsService,
    EvidenceView,
    EvidenceOrphanSweeper,
    FileTextService,
  ],
  exports: [
    FileTextService,
    EvidenceCommentsService,
    EvidenceStore,
    EvidenceView,
    EvidenceOrphanSweeper,
    // The web pages call the same services as the API's controller.
    EvidenceService,
    EvidenceFilesService,
    EvidenceReviewService,
    EvidenceQueueService,
    EvidenceRevisionService,
  ],
})
export class EvidenceModule {}
