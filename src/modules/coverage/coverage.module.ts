import { Module } from '@nestjs/common';
import { CoverageOverviewService } from './coverage-overview.service.js';
import { CoverageController } from './coverage.controller.js';
import { CoverageService } from './coverage.service.js';

/** Coverage and gap analysis; CoverageService is exported for the gateway portfolio. */
@Module({
  controllers: [CoverageController],
  providers: [CoverageService, CoverageOverviewService],
  exports: [CoverageService],
})
export class CoverageModule {}
