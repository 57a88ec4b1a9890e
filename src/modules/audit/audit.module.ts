import { Module } from '@nestjs/common';
import { AuditQueryService } from './audit-query.service.js';
import { AuditController } from './audit.controller.js';

/** Serves an apprenticeship's trail (the writer every feature uses lives in common/audit). */
@Module({ controllers: [AuditController], providers: [AuditQueryService] })
export class AuditTrailModule {}
