import { Global, Module } from '@nestjs/common';
import { ApprenticeshipsModule } from '../apprenticeships/apprenticeships.module.js';
import { AuditQueryService } from './audit-query.service.js';
import { AuditController } from './audit.controller.js';
import { AuditService } from './audit.service.js';

/** Writes the trail for every feature (global, dependency-free). */
@Global()
@Module({ providers: [AuditService], exports: [AuditService] })
export class AuditModule {}

/** Serves an apprenticeship's trail. */
@Module({
  imports: [ApprenticeshipsModule],
  controllers: [AuditController],
  providers: [AuditQueryService],
})
export class AuditTrailModule {}
