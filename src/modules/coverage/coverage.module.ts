import { Module } from '@nestjs/common';
import { CoverageOverviewService } from './coverage-overview.service.js';
import { CoverageTimelineService } from './coverage-timeline.service.js';
import { CoverageController } from './coverage.controller.js';
import { CoverageService } from './coverage.service.js';
import { OtjModule } from '../otj/otj.module.js';

/** Coverage and gap analysis; its services are exported for the gateway portfolio and the pages. */
@Module({
  imports: [OtjModule],
  controllers: [CoverageController],
  providers: [CoverageService, CoverageOverviewService, CoverageTimelineService],
  exports: [CoverageService, CoverageOverviewService, CoverageTimelineService],
})
export class CoverageModule {}
