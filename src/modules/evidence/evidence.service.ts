import { Injectable, Logger } from '@nestjs/common';
import { AuthUser } from '../../common/auth/auth-user.js';
import { Page, paginate } from '../../common/dto/page.dto.js';
import { Database } from '../../common/database/database.js';
import { ApprenticeshipEntity } from '../apprenticeships/apprenticeship.entity.js';
import { ApprenticeshipsService } from '../apprenticeships/apprenticeships.service.js';
import { AuditWriter } from '../../common/audit/audit-writer.js';
import { PageImagesService } from '../portfolio/page-images.service.js';
import { FileStorage } from '../storage/storage.js';
import { StoredUpload } from '../storage/upload/upload-storage.engine.js';
import {
  CreateEvidenceDto,
  ListEvidenceQueryDto,
  UpdateEvidenceDto,
} from './dto/evidence-input.dto.js';
import { EvidenceDto } from './dto/evidence.dto.js';
import { EvidenceChanges } from './evidence-changes.js';
import { filterEvidence } from './evidence-filters.js';
import { EvidenceStore } from './evidence-store.js';
import { auditShape, checkActivityDate, closed } from './evidence-rules.js';
import { EvidenceView } from './evidence-view.js';
import { FileTextService } from './file-text.service.js';
import { EvidenceFileEntity } from './entities/evidence-file.entity.js';
import { EvidenceEntity, referenceOf } from './entities/evidence.entity.js';
import { Clock } from '../../common/clock/clock.js';

@Injectable()
export class EvidenceService {
  private readonly logger = new Logger(EvidenceService.name);

  constructor(
    private readonly db: Database,
    private readonly apprenticeships: ApprenticeshipsService,
    private readonly store: EvidenceStore,
    private readonly view: EvidenceView,
    private readonly changes: EvidenceChanges,
    private readonly audit: AuditWriter,
    private readonly storage: FileStorage,
    private readonly fileText: FileTextService,
    private readonly pageImages: PageImagesService,
    private readonly clock: Clock,
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
    const apprenticeship = await this.apprenticeships.load(apprenticeshipId);
    if (apprenticeship.status !== 'in_training') throw closed(apprenticeship.status);
    checkActivityDate(dto.activityDate, apprenticeship.startDate, this.clock.today());
    return this.db.transaction(async () => {
      const m = this.db.manager;
      // The row lock taken by UPDATE serialises concurrent creations, so numbers are never
      // shared; and the status is re-checked in the same statement, so a freeze that commits
      // between the check above and here cannot be overtaken by new evidence.
      const allocated = await m
        .createQueryBuilder()
        .update(ApprenticeshipEntity)
        .set({ nextEvidenceNumber: () => 'next_evidence_number + 1' })
        .where("id = :apprenticeshipId AND status = 'in_training'", { apprenticeshipId })
        .returning('next_evidence_number - 1 AS number')
        .execute();
      const [row] = allocated.raw as { number: number }[];
      if (!row) throw closed((await this.apprenticeships.load(apprenticeshipId)).status);
      const number = row.number;
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
      await this.audit.record({
        apprenticeshipId,
        actorId: user.id,
        action: 'evidence.created',
        entityType: 'evidence',
        entityId: evidence.id,
        after: auditShape(evidence),
      });
      await this.insertFiles(user, evidence, uploads);
      return this.view.toDto(evidence);
    });
  }

  /** Stores file rows for uploads and records each in the audit trail. */
  async insertFiles(user: AuthUser, evidence: EvidenceEntity, uploads: StoredUpload[]) {
    const m = this.db.manager;
    const ids: string[] = [];
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
      await this.audit.record({
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
      ids.push(file.id);
    }
    // Their words are read once this transaction commits, for suggestions (never per request),
    // and the PDF's smaller copies of large images are made then too (never during a PDF).
    this.fileText.afterUpload(ids);
    this.pageImages.afterUpload(ids);
  }

  async list(apprenticeshipId: string, query: ListEvidenceQueryDto): Promise<Page<EvidenceDto>> {
    const qb = this.db.manager
      .createQueryBuilder(EvidenceEntity, 'e')
      .where('e.apprenticeship_id = :apprenticeshipId', { apprenticeshipId });
    return paginate(filterEvidence(qb, query).orderBy('e.number'), query, (rows) =>
      this.view.toDtos(rows),
    );
  }

  /** One piece of evidence, with what changed since its last review. */
  async get(id: string): Promise<EvidenceDto> {
    const dto = await this.view.toDto(await this.store.load(id));
    return { ...dto, changesSinceReview: await this.changes.since(dto) };
  }

  async update(user: AuthUser, id: string, dto: UpdateEvidenceDto): Promise<EvidenceDto> {
    return this.db.transaction(async () => {
      const m = this.db.manager;
      const evidence = await this.store.load(id, true);
      await this.store.assertChangeable(evidence);
      if (dto.activityDate) {
        checkActivityDate(dto.activityDate, evidence.apprenticeship.startDate, this.clock.today());
      }
      const before = auditShape(evidence);
      Object.assign(evidence, {
        title: dto.title ?? evidence.title,
        description: dto.description ?? evidence.description,
        kind: dto.kind ?? evidence.kind,
        activityDate: dto.activityDate ?? evidence.activityDate,
        links: dto.links ?? evidence.links,
      });
      await m.save(EvidenceEntity, evidence);
      await this.audit.record({
        apprenticeshipId: evidence.apprenticeshipId,
        actorId: user.id,
        action: 'evidence.updated',
        entityType: 'evidence',
        entityId: evidence.id,
        before,
        after: auditShape(evidence),
      });
      return this.view.toDto(evidence);
    });
  }

  async remove(user: AuthUser, id: string): Promise<void> {
    const removed = await this.db.transaction(async () => {
      const m = this.db.manager;
      const evidence = await this.store.load(id, true);
      await this.store.assertChangeable(evidence);
      const files = await m.findBy(EvidenceFileEntity, { evidenceId: evidence.id });
      await m.delete(EvidenceEntity, evidence.id);
      await this.audit.record({
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
      return files;
    });
    await this.deleteStored(removed);
  }

  /**
   * After the rows are gone: the files' bytes, and the page copies no other file needs. A
   * failure here only leaves an orphan for the sweep.
   */
  async deleteStored(files: Pick<EvidenceFileEntity, 'storageKey' | 'sha256'>[]): Promise<void> {
    await this.pageImages.release(files.map((f) => f.sha256));
    for (const { storageKey: key } of files) {
      await this.storage.delete(key).catch((error: unknown) => {
        this.logger.warn(
          `Could not delete stored file ${key}; the orphan sweep will: ${String(error)}`,
        );
      });
    }
  }
}
