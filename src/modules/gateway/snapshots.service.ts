import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { AuditWriter } from '../../common/audit/audit-writer.js';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { AppError } from '../../common/errors/app-error.js';
import { FileStorage } from '../storage/storage.js';
import type { PortfolioContent } from '../portfolio/portfolio-content.js';
import { GatewayService } from './gateway.service.js';
import type { PortfolioSnapshotEntity } from './portfolio-snapshot.entity.js';
import { snapshotArchive } from './snapshot-archive.js';

/** portfolio-1234567890-gateway-2025-11-03: the gateway PDF's and the pack's file name. */
const packName = (snapshot: PortfolioSnapshotEntity, content: PortfolioContent) =>
  `portfolio-${content.apprentice.uln}-gateway-${snapshot.createdAt.toISOString().slice(0, 10)}`;

interface Download {
  file: { name: string; mediaType: string; size: number; sha256: string };
  stream: Readable;
}

type FrozenEvidence = PortfolioContent['evidence'][number];

export interface FrozenFile {
  snapshot: PortfolioSnapshotEntity;
  evidence: FrozenEvidence;
  file: FrozenEvidence['files'][number];
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
    const name = `${packName(snapshot, content)}.pdf`;
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
    return this.open(user, await this.frozenFile(snapshotId, fileId));
  }

  /** A file the snapshot froze, with its evidence; 404 when the snapshot holds no such file. */
  async frozenFile(snapshotId: string, fileId: string): Promise<FrozenFile> {
    const { snapshot, content } = await this.gateway.frozenContent(snapshotId);
    const evidence = content.evidence.find((e) => e.files.some((f) => f.id === fileId));
    const file = evidence?.files.find((f) => f.id === fileId);
    if (!evidence || !file) throw AppError.notFound('File');
    return { snapshot, evidence, file };
  }

  /** Opens a frozen file (frozenFile) for `user`, recorded as a download. */
  async open(user: AuthUser, { snapshot, file }: FrozenFile): Promise<Download> {
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

  /**
   * The gateway pack as a ZIP (see snapshotArchive), streamed: each stored file is opened only
   * when the archive reaches it. The same snapshot always gives the same bytes.
   */
  async archive(user: AuthUser, snapshotId: string): Promise<{ name: string; stream: Readable }> {
    const { snapshot, content } = await this.gateway.frozenContent(snapshotId);
    const name = packName(snapshot, content);
    await this.recordDownload(user, snapshot.apprenticeshipId, 'snapshot.archive_downloaded', {
      type: 'portfolio_snapshot',
      id: snapshot.id,
      sha256: snapshot.contentSha256,
    });
    const stream = snapshotArchive({
      snapshot,
      content,
      pdfName: `${name}.pdf`,
      open: (key) => this.storage.read(key),
    });
    return { name: `${name}.zip`, stream };
  }

  private recordDownload(
    user: AuthUser,
    apprenticeshipId: string,
    action: 'snapshot.pdf_downloaded' | 'snapshot.file_downloaded' | 'snapshot.archive_downloaded',
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
