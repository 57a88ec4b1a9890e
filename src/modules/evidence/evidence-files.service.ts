import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { AuthUser } from '../../common/auth/auth-user.js';
import { AppError } from '../../common/errors/app-error.js';
import { AuditService } from '../audit/audit.service.js';
import { FileStorage } from '../storage/storage.js';
import { StoredUpload } from '../storage/upload/upload-storage.engine.js';
import { EvidenceDto } from './dto/evidence.dto.js';
import { EvidenceAccess } from './evidence-access.js';
import { EvidenceView } from './evidence-view.js';
import { EvidenceService } from './evidence.service.js';
import { EvidenceFileEntity } from './entities/evidence-file.entity.js';
import { referenceOf } from './entities/evidence.entity.js';

export interface FileDownload {
  file: EvidenceFileEntity;
  stream: Readable;
}

@Injectable()
export class EvidenceFilesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: EvidenceAccess,
    private readonly evidence: EvidenceService,
    private readonly view: EvidenceView,
    private readonly audit: AuditService,
    private readonly storage: FileStorage,
  ) {}

  async add(user: AuthUser, evidenceId: string, uploads: StoredUpload[]): Promise<EvidenceDto> {
    if (uploads.length === 0) throw AppError.field('files', 'attach at least one file');
    return this.dataSource.transaction(async (m) => {
      const evidence = await this.access.load(user, evidenceId, 'write', m);
      await this.access.assertChangeable(evidence, m);
      await this.evidence.insertFiles(m, user, evidence, uploads);
      await this.evidence.reopenAfterReview(m, evidence);
      return this.view.toDto(evidence, m);
    });
  }

  async remove(user: AuthUser, evidenceId: string, fileId: string): Promise<void> {
    const key = await this.dataSource.transaction(async (m) => {
      const evidence = await this.access.load(user, evidenceId, 'write', m);
      const file = await m.findOneBy(EvidenceFileEntity, { id: fileId, evidenceId });
      if (!file) throw AppError.notFound('File');
      await this.access.assertChangeable(evidence, m);
      await m.delete(EvidenceFileEntity, file.id);
      await this.audit.record(m, {
        apprenticeshipId: evidence.apprenticeshipId,
        actorId: user.id,
        action: 'evidence.file_removed',
        entityType: 'evidence_file',
        entityId: file.id,
        before: { evidence: referenceOf(evidence), name: file.originalName, sha256: file.sha256 },
      });
      await this.evidence.reopenAfterReview(m, evidence);
      return file.storageKey;
    });
    await this.evidence.deleteStored([key]);
  }

  /** The file of visible evidence, as stored. */
  async download(user: AuthUser, evidenceId: string, fileId: string): Promise<FileDownload> {
    await this.access.load(user, evidenceId, 'read');
    const file = await this.dataSource.manager.findOneBy(EvidenceFileEntity, {
      id: fileId,
      evidenceId,
    });
    if (!file) throw AppError.notFound('File');
    return { file, stream: await this.storage.read(file.storageKey) };
  }
}
