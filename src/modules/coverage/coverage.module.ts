import { Module } from '@nestjs/common';
import { CoverageOverviewService } from './coverage-overview.service.js';
import { CoverageTimelineService } from './coverage-timeline.service.js';
import { CoverageController } from './coverage.controller.js';
import { CoverageService } from './coverage.service.js';

/** Coverage and gap analysis; its services are exported for the gateway portfolio and the pages. */
@Module({
  controllers: [CoverageController],
  providers: [CoverageService, CoverageOverviewService, CoverageTimelineService],
  exports: [CoverageService, CoverageOverviewService, CoverageTimelineService],
})
export class CoverageModule {}
