import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuthUser } from '../../common/auth/auth-user.js';
import { Page } from '../../common/dto/page.dto.js';
import { AppError } from '../../common/errors/app-error.js';
import { todayIso } from '../../common/validators.js';
import { ApprenticeshipEntity } from '../apprenticeships/apprenticeship.entity.js';
import { ApprenticeshipsService } from '../apprenticeships/apprenticeships.service.js';
import { AuditService } from '../audit/audit.service.js';
import { FileStorage } from '../storage/storage.js';
import { StoredUpload } from '../storage/upload/upload-storage.engine.js';
import {
  CreateEvidenceDto,
  ListEvidenceQueryDto,
  UpdateEvidenceDto,
} from './dto/evidence-input.dto.js';
import { EvidenceDto } from './dto/evidence.dto.js';
import { EvidenceAccess } from './evidence-access.js';
import { EvidenceView } from './evidence-view.js';
import { EvidenceFileEntity } from './entities/evidence-file.entity.js';
import { EvidenceTagEntity } from './entities/evidence-tag.entity.js';
import { EvidenceEntity, referenceOf } from './entities/evidence.entity.js';

/** The fields of evidence the audit trail records before and after a change. */
export const auditShape = (e: EvidenceEntity) => ({
  reference: referenceOf(e),
  title: e.title,
  description: e.description,
  kind: e.kind,
  activityDate: e.activityDate,
  links: e.links,
  status: e.status,
});

@Injectable()
export class EvidenceService {
  private readonly logger = new Logger(EvidenceService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly apprenticeships: ApprenticeshipsService,
    private readonly access: EvidenceAccess,
    private readonly view: EvidenceView,
    private readonly audit: AuditService,
    private readonly storage: FileStorage,
  ) {}

  /**
   * Creates evidence with any files already streamed to storage. Rows commit together or not at
   * all; if anything fails the caller's upload clean-up removes the stored files.
   */
  async create(
    user: AuthUser,
    apprenticeshipId: string,
    dto: CreateEvidenceDto,
    uploads: StoredUpload[],
  ): Promise<EvidenceDto> {
    const apprenticeship = await this.apprenticeships.requireLive(user, apprenticeshipId);
    if (user.role !== 'apprentice')
      throw AppError.forbidden('Only the apprentice adds their evidence');
    if (apprenticeship.status !== 'in_training') {
      throw AppError.conflict(
        `The apprenticeship is at ${apprenticeship.status}; evidence is closed`,
      );
    }
    checkActivityDate(dto.activityDate, apprenticeship.startDate);
    return this.dataSource.transaction(async (m) => {
      // The row lock taken by UPDATE serialises concurrent creations: numbers are never shared.
      const allocated = await m
        .createQueryBuilder()
        .update(ApprenticeshipEntity)
        .set({ nextEvidenceNumber: () => 'next_evidence_number + 1' })
        .where('id = :apprenticeshipId', { apprenticeshipId })
        .returning('next_evidence_number - 1 AS number')
        .execute();
      const number = (allocated.raw as { number: number }[])[0].number;
      const evidence = await m.save(
        m.create(EvidenceEntity, {
          apprenticeshipId,
          number,
          title: dto.title,
          description: dto.description ?? '',
          kind: dto.kind,
          activityDate: dto.activityDate,
          links: dto.links ?? [],
          createdById: user.id,
        }),
      );
      evidence.apprenticeship = apprenticeship;
      await this.audit.record(m, {
        apprenticeshipId,
        actorId: user.id,
        action: 'evidence.created',
        entityType: 'evidence',
        entityId: evidence.id,
        after: auditShape(evidence),
      });
      await this.insertFiles(m, user, evidence, uploads);
      return this.view.toDto(evidence, m);
    });
  }

  /** Stores file rows for uploads and records each in the audit trail. */
  async insertFiles(
    m: EntityManager,
    user: AuthUser,
    evidence: EvidenceEntity,
    uploads: StoredUpload[],
  ) {
    for (const upload of uploads) {
      const file = await m.save(
        m.create(EvidenceFileEntity, {
          evidenceId: evidence.id,
          storageKey: upload.storageKey,
          originalName: upload.originalName,
          mediaType: upload.mediaType,
          size: upload.size,
          sha256: upload.sha256,
          uploadedById: user.id,
        }),
      );
      await this.audit.record(m, {
        apprenticeshipId: evidence.apprenticeshipId,
        actorId: user.id,
        action: 'evidence.file_added',
        entityType: 'evidence_file',
        entityId: file.id,
        after: {
          evidence: referenceOf(evidence),
          name: file.originalName,
          mediaType: file.mediaType,
          size: file.size,
          sha256: file.sha256,
        },
      });
    }
  }

  async list(
    user: AuthUser,
    apprenticeshipId: string,
    query: ListEvidenceQueryDto,
  ): Promise<Page<EvidenceDto>> {
    await this.apprenticeships.requireLive(user, apprenticeshipId);
    const qb = this.dataSource.manager
      .createQueryBuilder(EvidenceEntity, 'e')
      .where('e.apprenticeship_id = :apprenticeshipId', { apprenticeshipId });
    if (query.status) qb.andWhere('e.status = :status', { status: query.status });
    if (query.kind) qb.andWhere('e.kind = :kind', { kind: query.kind });
    if (query.criterion) {
      qb.andWhere(
        `EXISTS (SELECT 1 FROM evidence_tags t JOIN criteria c ON c.id = t.criterion_id
                 WHERE t.evidence_id = e.id AND c.code = :criterion)`,
        { criterion: query.criterion },
      );
    }
    const [rows, total] = await qb
      .orderBy('e.number')
      .take(query.limit)
      .skip(query.offset)
      .getManyAndCount();
    return { items: await this.view.toDtos(rows), total, limit: query.limit, offset: query.offset };
  }

  async get(user: AuthUser, id: string): Promise<EvidenceDto> {
    return this.view.toDto(await this.access.load(user, id, 'read'));
  }

  async update(user: AuthUser, id: string, dto: UpdateEvidenceDto): Promise<EvidenceDto> {
    return this.dataSource.transaction(async (m) => {
      const evidence = await this.access.load(user, id, 'write', m);
      await this.access.assertChangeable(evidence, m);
      if (dto.activityDate) checkActivityDate(dto.activityDate, evidence.apprenticeship.startDate);
      const before = auditShape(evidence);
      Object.assign(evidence, {
        title: dto.title ?? evidence.title,
        description: dto.description ?? evidence.description,
        kind: dto.kind ?? evidence.kind,
        activityDate: dto.activityDate ?? evidence.activityDate,
        links: dto.links ?? evidence.links,
      });
      await this.reopenAfterReview(m, evidence);
      await m.save(EvidenceEntity, evidence);
      await this.audit.record(m, {
        apprenticeshipId: evidence.apprenticeshipId,
        actorId: user.id,
        action: 'evidence.updated',
        entityType: 'evidence',
        entityId: evidence.id,
        before,
        after: auditShape(evidence),
      });
      return this.view.toDto(evidence, m);
    });
  }

  /**
   * A change after review sends the evidence back: its tags return to claimed and it is
   * submitted again for the reviewer. Changes to drafts and unreviewed submissions change nothing.
   */
  async reopenAfterReview(m: EntityManager, evidence: EvidenceEntity): Promise<void> {
    if (evidence.status !== 'changes_requested') return;
    evidence.status = 'submitted';
    evidence.submittedAt = new Date();
    await m.update(
      EvidenceTagEntity,
      { evidenceId: evidence.id },
      { status: 'claimed', decidedById: null, decidedAt: null, reason: null },
    );
    await m.update(EvidenceEntity, evidence.id, {
      status: 'submitted',
      submittedAt: evidence.submittedAt,
    });
  }

  async remove(user: AuthUser, id: string): Promise<void> {
    const keys = await this.dataSource.transaction(async (m) => {
      const evidence = await this.access.load(user, id, 'write', m);
      await this.access.assertChangeable(evidence, m);
      const files = await m.findBy(EvidenceFileEntity, { evidenceId: evidence.id });
      await m.delete(EvidenceEntity, evidence.id);
      await this.audit.record(m, {
        apprenticeshipId: evidence.apprenticeshipId,
        actorId: user.id,
        action: 'evidence.deleted',
        entityType: 'evidence',
        entityId: evidence.id,
        before: {
          ...auditShape(evidence),
          files: files.map((f) => ({ name: f.originalName, sha256: f.sha256 })),
        },
      });
      return files.map((f) => f.storageKey);
    });
    await this.deleteStored(keys);
  }

  /** After the rows are gone: a failure here only leaves an orphan for the sweep. */
  async deleteStored(keys: string[]): Promise<void> {
    for (const key of keys) {
      await this.storage.delete(key).catch((error: unknown) => {
        this.logger.warn(
          `Could not delete stored file ${key}; the orphan sweep will: ${String(error)}`,
        );
      });
    }
  }
}

/** Not in the future, not before the apprenticeship started (422 naming activityDate). */
export function checkActivityDate(activityDate: string, startDate: string): void {
  if (activityDate > todayIso()) throw AppError.field('activityDate', 'must not be in the future');
  if (activityDate < startDate) {
    throw AppError.field(
      'activityDate',
      `must not be before the apprenticeship started (${startDate})`,
    );
  }
}
