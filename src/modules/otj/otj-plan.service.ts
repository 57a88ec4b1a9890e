import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { AuditWriter } from '../../common/audit/audit-writer.js';
import { Database } from '../../common/database/database.js';
import { AppError, FieldError } from '../../common/errors/app-error.js';
import { ApprenticeshipsService } from '../apprenticeships/apprenticeships.service.js';
import { SetOtjPlanDto } from './dto/otj-input.dto.js';
import { OtjSummaryDto } from './dto/otj.dto.js';
import { OtjPlanEntity } from './entities/otj-plan.entity.js';
import { minimumHours } from './otj-rules.js';
import { OtjProgressService } from './otj-progress.service.js';

/**
 * The planned hours, set by a provider user at the start. Afterwards they change only to correct
 * an error, with the reason, and the trail keeps before and after.
 */
@Injectable()
export class OtjPlanService {
  constructor(
    private readonly db: Database,
    private readonly apprenticeships: ApprenticeshipsService,
    private readonly progress: OtjProgressService,
    private readonly audit: AuditWriter,
  ) {}

  async set(user: AuthUser, apprenticeshipId: string, dto: SetOtjPlanDto): Promise<OtjSummaryDto> {
    await this.db.transaction(async () => {
      const m = this.db.manager;
      const a = await this.apprenticeships.load(apprenticeshipId, true);
      if (a.status !== 'in_training')
        throw AppError.conflict(`The apprenticeship is at ${a.status}: its plan is closed`);
      const existing = await m.findOneBy(OtjPlanEntity, { apprenticeshipId });
      const rplHours = dto.rplHours ?? existing?.rplHours ?? 0;
      const current = await this.progress.forApprenticeship(apprenticeshipId);
      const minimum = minimumHours(current.publishedMinimumHours, rplHours, current.floorHours);
      const errors: FieldError[] = [];
      if (dto.plannedHours < current.floorHours)
        errors.push({
          field: 'plannedHours',
          message: `is below the ${current.floorHours}-hour floor of the ${current.ruleYear} rules`,
        });
      else if (minimum !== null && dto.plannedHours < minimum)
        errors.push({
          field: 'plannedHours',
          message: `is below the minimum of ${minimum} hours (published ${current.publishedMinimumHours} less ${rplHours} prior learning)`,
        });
      if (existing && (!dto.reason || dto.reason.length < 10))
        errors.push({
          field: 'reason',
          message:
            'is required to change planned hours already set: say what error it corrects (10+ characters)',
        });
      if (errors.length > 0) throw AppError.validation(errors);
      const before = existing
        ? { plannedHours: existing.plannedHours, rplHours: existing.rplHours }
        : null;
      const after = { plannedHours: dto.plannedHours, rplHours };
      // A copy: RecordedTimes writes updatedAt into the values given, and `after` is audited.
      if (existing) await m.update(OtjPlanEntity, { apprenticeshipId }, { ...after });
      else await m.insert(OtjPlanEntity, { apprenticeshipId, ...after });
      await this.audit.record({
        apprenticeshipId,
        actorId: user.id,
        action: 'otj.plan_set',
        entityType: 'otj_plan',
        entityId: apprenticeshipId,
        before,
        after: { ...after, reason: dto.reason ?? null },
      });
    });
    return this.progress.summary(apprenticeshipId);
  }
}
