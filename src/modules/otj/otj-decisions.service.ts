import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { AuditWriter } from '../../common/audit/audit-writer.js';
import { Database } from '../../common/database/database.js';
import { Page, toPage } from '../../common/dto/page.dto.js';
import { AppError } from '../../common/errors/app-error.js';
import { otjDecidableScope } from '../access/access-scopes.js';
import { ApprenticeshipsService } from '../apprenticeships/apprenticeships.service.js';
import { DecideOtjEntryDto, OtjQueueQueryDto, ReopenOtjEntryDto } from './dto/otj-input.dto.js';
import { OtjEntryDto, OtjQueueItemDto } from './dto/otj.dto.js';
import { OtjEntryEntity } from './entities/otj-entry.entity.js';
import {
  auditShape,
  ENTRY_COLUMNS,
  ENTRY_FROM,
  OtjEntryView,
  toEntryDto,
} from './otj-entry-view.js';
import { Clock } from '../../common/clock/clock.js';

/**
 * Deciding entries: approve, or reject with a reason, by anyone the access room lets decide
 * except the entry's author; reopening an approved entry so it can be corrected.
 */
@Injectable()
export class OtjDecisionsService {
  constructor(
    private readonly db: Database,
    private readonly apprenticeships: ApprenticeshipsService,
    private readonly view: OtjEntryView,
    private readonly audit: AuditWriter,
    private readonly clock: Clock,
  ) {}

  decide(user: AuthUser, entryId: string, dto: DecideOtjEntryDto): Promise<OtjEntryDto> {
    if (dto.decision === 'rejected' && !dto.reason)
      throw AppError.field('reason', 'is required when rejecting: say what is wrong');
    return this.db.transaction(async () => {
      const entry = await this.lockedOpen(entryId);
      if (entry.authorId === user.id)
        throw AppError.forbidden('You entered this training: someone else decides it');
      if (entry.status !== 'pending')
        throw AppError.conflict(`The entry is already ${entry.status}`);
      const before = await this.view.get(entryId);
      await this.db.manager.update(OtjEntryEntity, entryId, {
        status: dto.decision,
        decidedById: user.id,
        decidedAt: this.clock.now(),
        decisionReason: dto.reason || null,
      });
      const after = await this.view.get(entryId);
      await this.record(user, 'otj.entry_decided', after, before);
      return after;
    });
  }

  /** An approved entry back to pending, with the reason, so its author can correct it. */
  reopen(user: AuthUser, entryId: string, dto: ReopenOtjEntryDto): Promise<OtjEntryDto> {
    return this.db.transaction(async () => {
      const entry = await this.lockedOpen(entryId);
      if (entry.status !== 'approved')
        throw AppError.conflict(`Only an approved entry is reopened; this one is ${entry.status}`);
      const before = await this.view.get(entryId);
      await this.db.manager.update(OtjEntryEntity, entryId, {
        status: 'pending',
        decidedById: null,
        decidedAt: null,
        decisionReason: null,
      });
      const after = await this.view.get(entryId);
      await this.record(user, 'otj.entry_reopened', after, before, dto.reason);
      return after;
    });
  }

  /** Pending entries the caller may decide, oldest first: never their own. */
  async queue(user: AuthUser, query: OtjQueueQueryDto): Promise<Page<OtjQueueItemDto>> {
    const scope = otjDecidableScope(user, 'a', 'e');
    const rows = await this.db.queryNamed<Parameters<typeof toEntryDto>[0]>(
      `SELECT ${ENTRY_COLUMNS} ${ENTRY_FROM}
       WHERE e.status = 'pending' AND e.author_id <> :queueSelf AND (${scope.sql})
         AND (CAST(:queueApprenticeship AS uuid) IS NULL OR e.apprenticeship_id = :queueApprenticeship)
       ORDER BY e.created_at, e.id LIMIT :queueLimit OFFSET :queueOffset`,
      {
        ...scope.params,
        queueSelf: user.id,
        queueApprenticeship: query.apprenticeshipId ?? null,
        queueLimit: query.limit,
        queueOffset: query.offset,
      },
    );
    return toPage(
      rows.map((r) => toEntryDto(r, true)),
      rows[0]?.full_count ?? 0,
      query,
    );
  }

  private async lockedOpen(entryId: string): Promise<OtjEntryEntity> {
    const entry = await this.db.manager.findOne(OtjEntryEntity, {
      where: { id: entryId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!entry) throw AppError.notFound('Off-the-job entry');
    const a = await this.apprenticeships.load(entry.apprenticeshipId);
    if (a.status !== 'in_training')
      throw AppError.conflict(
        `The apprenticeship is at ${a.status}: its off-the-job hours are frozen`,
      );
    return entry;
  }

  private record(
    user: AuthUser,
    action: 'otj.entry_decided' | 'otj.entry_reopened',
    after: OtjEntryDto,
    before: OtjEntryDto,
    reason?: string,
  ): Promise<void> {
    return this.audit.record({
      apprenticeshipId: after.apprenticeshipId,
      actorId: user.id,
      action,
      entityType: 'otj_entry',
      entityId: after.id,
      before: auditShape(before),
      after: { ...auditShape(after), ...(reason ? { reopenReason: reason } : {}) },
    });
  }
}
