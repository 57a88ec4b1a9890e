import { Global, Module } from '@nestjs/common';
import { ApprenticeshipsModule } from '../apprenticeships/apprenticeships.module.js';
import { AuditController } from './audit.controller.js';
import { AuditService } from './audit.service.js';

/** Global: every feature that changes something records it here. */
@Global()
@Module({
  imports: [ApprenticeshipsModule],
  controllers: [AuditController],
  providers: [AuditService],
  exports: [AuditService],
})
export class AuditModule {}
