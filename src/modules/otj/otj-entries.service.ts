import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { AuditWriter } from '../../common/audit/audit-writer.js';
import { Database } from '../../common/database/database.js';
import { AppError, FieldError } from '../../common/errors/app-error.js';
import { ApprenticeshipEntity } from '../apprenticeships/apprenticeship.entity.js';
import { ApprenticeshipsService } from '../apprenticeships/apprenticeships.service.js';
import { CreateOtjEntryDto, ImportOtjEntriesDto, UpdateOtjEntryDto } from './dto/otj-input.dto.js';
import { OtjEntryDto } from './dto/otj.dto.js';
import { OtjEntryEntity } from './entities/otj-entry.entity.js';
import { OtjEntryInput } from './otj-entry-input.js';
import { auditShape, OtjEntryView } from './otj-entry-view.js';
import { daysBetween } from '../../common/clock/calendar.js';
import { hmm } from './otj-rules.js';
import { OtjProgressService } from './otj-progress.service.js';
import { Clock } from '../../common/clock/clock.js';

/**
 * Writing the log: add (one, or a batch), change or withdraw one's own entry while it waits for
 * a decision. Every change is audited with before and after, in the same transaction. Once the
 * apprenticeship leaves training (gateway) nothing changes: its actual hours are frozen.
 */
@Injectable()
export class OtjEntriesService {
  constructor(
    private readonly db: Database,
    private readonly apprenticeships: ApprenticeshipsService,
    private readonly progress: OtjProgressService,
    private readonly input: OtjEntryInput,
    private readonly view: OtjEntryView,
    private readonly audit: AuditWriter,
    private readonly clock: Clock,
  ) {}

  create(user: AuthUser, apprenticeshipId: string, dto: CreateOtjEntryDto): Promise<OtjEntryDto> {
    return this.db.transaction(async () => {
      const a = await this.openApprenticeship(apprenticeshipId);
      return this.insert(user, a, dto, '', false);
    });
  }

  /**
   * A batch in one transaction (all or nothing). Entries more than the late limit old make it a
   * back-dated import, refused unless `backdated` is set with a reason, which the trail keeps.
   */
  importEntries(
    user: AuthUser,
    apprenticeshipId: string,
    dto: ImportOtjEntriesDto,
  ): Promise<OtjEntryDto[]> {
    return this.db.transaction(async () => {
      const a = await this.openApprenticeship(apprenticeshipId);
      const rules = await this.progress.rules(a.id);
      const today = this.clock.today();
      if (dto.backdated) {
        if (!dto.reason || dto.reason.length < 10)
          throw AppError.field(
            'reason',
            'must say why a back-dated import is right (10+ characters)',
          );
      } else {
        const late: FieldError[] = dto.entries.flatMap((e, i) =>
          daysBetween(e.activityDate, today) > rules.lateAfterDays
            ? [
                {
                  field: `entries.${i}.activityDate`,
                  message: `is more than ${rules.lateAfterDays} days ago: a back-dated import needs backdated: true and a reason`,
                },
              ]
            : [],
        );
        if (late.length > 0) throw AppError.validation(late);
      }
      const created: OtjEntryDto[] = [];
      for (const [i, entry] of dto.entries.entries()) {
        created.push(await this.insert(user, a, entry, `entries.${i}.`, !!dto.backdated));
      }
      await this.audit.record({
        apprenticeshipId: a.id,
        actorId: user.id,
        action: 'otj.entries_imported',
        entityType: 'apprenticeship',
        entityId: a.id,
        before: null,
        after: {
          count: created.length,
          backdated: !!dto.backdated,
          reason: dto.reason ?? null,
          hours: hmm(created.reduce((n, e) => n + e.hours * 60, 0)),
        },
      });
      return created;
    });
  }

  /** The author changes a pending or rejected entry; it is pending again, its warnings renewed. */
  update(user: AuthUser, entryId: string, dto: UpdateOtjEntryDto): Promise<OtjEntryDto> {
    return this.db.transaction(async () => {
      const entry = await this.ownChangeable(user, entryId, 'changed');
      const a = await this.openApprenticeship(entry.apprenticeshipId);
      const before = await this.view.get(entryId);
      const rules = await this.progress.rules(a.id);
      const merged: CreateOtjEntryDto = {
        activityDate: dto.activityDate ?? before.activityDate,
        startTime:
          dto.startTime === null ? undefined : (dto.startTime ?? before.startTime ?? undefined),
        duration: dto.duration ?? (dto.endTime ? undefined : before.duration),
        endTime: dto.endTime,
        description: dto.description ?? before.description,
        category: dto.category ?? before.category.code,
        deliveredBy: dto.deliveredBy ?? before.deliveredBy,
        criteria: dto.criteria ?? before.criteria,
        evidenceId: dto.evidenceId !== undefined ? dto.evidenceId : (before.evidence?.id ?? null),
      };
      const fields = await this.input.resolve(a, rules, merged);
      const warnings = await this.input.warnings(a.id, rules, fields, entryId);
      await this.db.manager.update(OtjEntryEntity, entryId, {
        ...fields,
        warnings,
        status: 'pending',
        decidedById: null,
        decidedAt: null,
        decisionReason: null,
      });
      const after = await this.view.get(entryId);
      await this.record(user, 'otj.entry_updated', after, auditShape(before), {
        ...auditShape(after),
        warnings,
      });
      return after;
    });
  }

  /** The author withdraws a pending or rejected entry; the trail keeps what it said. */
  remove(user: AuthUser, entryId: string): Promise<void> {
    return this.db.transaction(async () => {
      const entry = await this.ownChangeable(user, entryId, 'withdrawn');
      await this.openApprenticeship(entry.apprenticeshipId);
      const before = await this.view.get(entryId);
      await this.db.manager.delete(OtjEntryEntity, entryId);
      await this.record(user, 'otj.entry_deleted', before, auditShape(before), null);
    });
  }

  private async insert(
    user: AuthUser,
    a: ApprenticeshipEntity,
    dto: CreateOtjEntryDto,
    prefix: string,
    imported: boolean,
  ): Promise<OtjEntryDto> {
    const rules = await this.progress.rules(a.id);
    const fields = await this.input.resolve(a, rules, dto, prefix);
    const warnings = await this.input.warnings(a.id, rules, fields, null, prefix);
    const { identifiers } = await this.db.manager.insert(OtjEntryEntity, {
      ...fields,
      apprenticeshipId: a.id,
      authorId: user.id,
      onBehalf: user.id !== a.apprenticeId,
      imported,
      warnings,
    });
    const created = await this.view.get(identifiers[0].id as string);
    await this.record(user, 'otj.entry_created', created, null, {
      ...auditShape(created),
      onBehalf: created.onBehalf,
      imported,
      warnings,
    });
    return created;
  }

  private record(
    user: AuthUser,
    action: 'otj.entry_created' | 'otj.entry_updated' | 'otj.entry_deleted',
    entry: OtjEntryDto,
    before: object | null,
    after: object | null,
  ): Promise<void> {
    return this.audit.record({
      apprenticeshipId: entry.apprenticeshipId,
      actorId: user.id,
      action,
      entityType: 'otj_entry',
      entityId: entry.id,
      before,
      after,
    });
  }

  /** Locked for the change; 403 for anyone but its author, 409 once approved. */
  private async ownChangeable(user: AuthUser, entryId: string, verb: string) {
    const entry = await this.db.manager.findOne(OtjEntryEntity, {
      where: { id: entryId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!entry) throw AppError.notFound('Off-the-job entry');
    if (entry.authorId !== user.id) throw AppError.forbidden('Only the author changes an entry');
    if (entry.status === 'approved')
      throw AppError.conflict(
        `An approved entry is locked and cannot be ${verb}; a provider user can reopen it to correct it`,
      );
    return entry;
  }

  /**
   * Locks the apprenticeship, so entries for one apprenticeship are written one at a time (the
   * day totals and overlaps a warning reads are then exact). 409 once it has left training.
   */
  private async openApprenticeship(id: string): Promise<ApprenticeshipEntity> {
    const a = await this.apprenticeships.load(id, true);
    if (a.status !== 'in_training')
      throw AppError.conflict(
        `The apprenticeship is at ${a.status}: its off-the-job hours are frozen`,
      );
    return a;
  }
}
