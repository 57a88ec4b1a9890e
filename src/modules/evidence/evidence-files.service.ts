import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { AuthUser } from '../../common/auth/auth-user.js';
import { Database } from '../../common/database/database.js';
import { AppError } from '../../common/errors/app-error.js';
import { AuditWriter } from '../../common/audit/audit-writer.js';
import { FileStorage } from '../storage/storage.js';
import { StoredUpload } from '../storage/upload/upload-storage.engine.js';
import { EvidenceDto } from './dto/evidence.dto.js';
import { EvidenceStore } from './evidence-store.js';
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
    private readonly db: Database,
    private readonly store: EvidenceStore,
    private readonly evidence: EvidenceService,
    private readonly view: EvidenceView,
    private readonly audit: AuditWriter,
    private readonly storage: FileStorage,
  ) {}

  async add(user: AuthUser, evidenceId: string, uploads: StoredUpload[]): Promise<EvidenceDto> {
    if (uploads.length === 0) throw AppError.field('files', 'must hold at least one file');
    return this.db.transaction(async () => {
      const evidence = await this.store.load(evidenceId, true);
      await this.store.assertChangeable(evidence);
      await this.evidence.insertFiles(user, evidence, uploads);
      return this.view.toDto(evidence);
    });
  }

  async remove(user: AuthUser, evidenceId: string, fileId: string): Promise<void> {
    const removed = await this.db.transaction(async () => {
      const m = this.db.manager;
      const evidence = await this.store.load(evidenceId, true);
      const file = await m.findOneBy(EvidenceFileEntity, { id: fileId, evidenceId });
      if (!file) throw AppError.notFound('File');
      await this.store.assertChangeable(evidence);
      await m.delete(EvidenceFileEntity, file.id);
      await this.audit.record({
        apprenticeshipId: evidence.apprenticeshipId,
        actorId: user.id,
        action: 'evidence.file_removed',
        entityType: 'evidence_file',
        entityId: file.id,
        before: { evidence: referenceOf(evidence), name: file.originalName, sha256: file.sha256 },
      });
      return file;
    });
    await this.evidence.deleteStored([removed]);
  }

  /** A file of the evidence, as stored. */
  async download(evidenceId: string, fileId: string): Promise<FileDownload> {
    const file = await this.db.manager.findOneBy(EvidenceFileEntity, {
      id: fileId,
      evidenceId,
    });
    if (!file) throw AppError.notFound('File');
    return { file, stream: await this.storage.read(file.storageKey) };
  }
}
