import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { AuditWriter } from '../../common/audit/audit-writer.js';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { AppError } from '../../common/errors/app-error.js';
import { FileStorage } from '../storage/storage.js';
import { GatewayService } from './gateway.service.js';

interface Download {
  file: { name: string; mediaType: string; size: number; sha256: string };
  stream: Readable;
}

/**
 * What an assessor can fetch: the stored gateway PDF and the files of the evidence it froze.
 * Every download is recorded in the apprenticeship's trail, with who fetched what.
 */
@Injectable()
export class SnapshotsService {
  constructor(
    private readonly gateway: GatewayService,
    private readonly storage: FileStorage,
    private readonly audit: AuditWriter,
  ) {}

  async pdf(user: AuthUser, snapshotId: string): Promise<Download> {
    const { snapshot, content } = await this.gateway.frozenContent(snapshotId);
    const name = `portfolio-${content.apprentice.uln}-gateway-${snapshot.createdAt.toISOString().slice(0, 10)}.pdf`;
    const stream = await this.storage.read(snapshot.pdfStorageKey);
    await this.recordDownload(user, snapshot.apprenticeshipId, 'snapshot.pdf_downloaded', {
      type: 'portfolio_snapshot',
      id: snapshot.id,
      sha256: snapshot.pdfSha256,
    }).catch((error: unknown) => {
      stream.destroy();
      throw error;
    });
    return {
      file: {
        name,
        mediaType: 'application/pdf',
        size: snapshot.pdfSize,
        sha256: snapshot.pdfSha256,
      },
      stream,
    };
  }

  async file(user: AuthUser, snapshotId: string, fileId: string): Promise<Download> {
    const { snapshot, content } = await this.gateway.frozenContent(snapshotId);
    const file = content.evidence.flatMap((e) => e.files).find((f) => f.id === fileId);
    if (!file) throw AppError.notFound('File');
    const stream = await this.storage.read(file.storageKey);
    await this.recordDownload(user, snapshot.apprenticeshipId, 'snapshot.file_downloaded', {
      type: 'evidence_file',
      id: file.id,
      sha256: file.sha256,
      snapshotId: snapshot.id,
      name: file.name,
    }).catch((error: unknown) => {
      stream.destroy();
      throw error;
    });
    return { file, stream };
  }

  private recordDownload(
    user: AuthUser,
    apprenticeshipId: string,
    action: 'snapshot.pdf_downloaded' | 'snapshot.file_downloaded',
    what: { type: string; id: string } & Record<string, string>,
  ): Promise<void> {
    const { type, id, ...details } = what;
    return this.audit.record({
      apprenticeshipId,
      actorId: user.id,
      action,
      entityType: type,
      entityId: id,
      after: { role: user.role, ...details },
    });
  }
}
