import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { AppError } from '../../common/errors/app-error.js';
import { FileStorage } from '../storage/storage.js';
import { GatewayService } from './gateway.service.js';

interface Download {
  file: { name: string; mediaType: string; size: number; sha256: string };
  stream: Readable;
}

/** What an assessor can fetch: the stored gateway PDF and the files of the evidence it froze. */
@Injectable()
export class SnapshotsService {
  constructor(
    private readonly gateway: GatewayService,
    private readonly storage: FileStorage,
  ) {}

  async pdf(snapshotId: string): Promise<Download> {
    const { snapshot, content } = await this.gateway.frozenContent(snapshotId);
    const name = `portfolio-${content.apprentice.uln}-gateway-${snapshot.createdAt.toISOString().slice(0, 10)}.pdf`;
    return {
      file: {
        name,
        mediaType: 'application/pdf',
        size: snapshot.pdfSize,
        sha256: snapshot.pdfSha256,
      },
      stream: await this.storage.read(snapshot.pdfStorageKey),
    };
  }

  async file(snapshotId: string, fileId: string): Promise<Download> {
    const { content } = await this.gateway.frozenContent(snapshotId);
    const file = content.evidence.flatMap((e) => e.files).find((f) => f.id === fileId);
    if (!file) throw AppError.notFound('File');
    return { file, stream: await this.storage.read(file.storageKey) };
  }
}
