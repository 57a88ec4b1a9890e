import { Module } from '@nestjs/common';
import { ApprenticeshipsModule } from '../apprenticeships/apprenticeships.module.js';
import { OtjController } from './otj.controller.js';
import { OtjDecisionsService } from './otj-decisions.service.js';
import { OtjEntriesService } from './otj-entries.service.js';
import { OtjEntryInput } from './otj-entry-input.js';
import { OtjEntryView } from './otj-entry-view.js';
import { OtjPlanService } from './otj-plan.service.js';
import { OtjProgressService } from './otj-progress.service.js';

/** The off-the-job training log; its services are exported for the overview, gateway and pages. */
@Module({
  imports: [ApprenticeshipsModule],
  controllers: [OtjController],
  providers: [
    OtjEntriesService,
    OtjEntryInput,
    OtjEntryView,
    OtjDecisionsService,
    OtjPlanService,
    OtjProgressService,
  ],
  exports: [
    OtjEntriesService,
    OtjEntryInput,
    OtjEntryView,
    OtjDecisionsService,
    OtjPlanService,
    OtjProgressService,
  ],
})
export class OtjModule {}
