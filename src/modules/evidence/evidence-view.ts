import { Injectable } from '@nestjs/common';
import { Database } from '../../common/database/database.js';
import { EvidenceDto, EvidenceFileDto, TagDto } from './dto/evidence.dto.js';
import { EvidenceEntity, referenceOf } from './entities/evidence.entity.js';
import type { CriterionKind, TagStatus } from '../../common/vocabulary.js';

interface TagRow {
  evidence_id: string;
  code: string;
  kind: CriterionKind;
  justification: string;
  status: TagStatus;
  decided_by_id: string | null;
  decided_by_name: string | null;
  decided_at: Date | null;
  reason: string | null;
}

/** Turns evidence rows into API responses: files, tags and frozen flags in three set queries. */
@Injectable()
export class EvidenceView {
  constructor(private readonly db: Database) {}

  async toDtos(rows: EvidenceEntity[]): Promise<EvidenceDto[]> {
    if (rows.length === 0) return [];
    const m = this.db.manager;
    const ids = rows.map((r) => r.id);
    // One after another: inside a transaction these share one connection, which takes one query at a time.
    const files = await m.query<(EvidenceFileDto & { evidence_id: string })[]>(
      `SELECT evidence_id, id, original_name AS name, media_type AS "mediaType", size::float8 AS size,
                sha256, created_at AS "createdAt"
         FROM evidence_files WHERE evidence_id = ANY($1) ORDER BY created_at, original_name COLLATE "C", id`,
      [ids],
    );
    const tags = await m.query<TagRow[]>(
      `SELECT t.evidence_id, c.code, c.kind, t.justification, t.status, t.decided_by_id,
                u.name AS decided_by_name, t.decided_at, t.reason
         FROM evidence_tags t JOIN criteria c ON c.id = t.criterion_id
         LEFT JOIN users u ON u.id = t.decided_by_id
         WHERE t.evidence_id = ANY($1) ORDER BY c.position`,
      [ids],
    );
    const frozen = await m.query<{ evidence_id: string }[]>(
      'SELECT DISTINCT evidence_id FROM snapshot_evidence WHERE evidence_id = ANY($1)',
      [ids],
    );
    const frozenIds = new Set(frozen.map((f) => f.evidence_id));
    return rows.map((e) => ({
      id: e.id,
      reference: referenceOf(e),
      apprenticeshipId: e.apprenticeshipId,
      title: e.title,
      description: e.description,
      kind: e.kind,
      activityDate: e.activityDate,
      links: e.links,
      status: e.status,
      frozen: frozenIds.has(e.id),
      submittedAt: e.submittedAt,
      createdAt: e.createdAt,
      updatedAt: e.updatedAt,
      files: files.filter((f) => f.evidence_id === e.id).map(({ evidence_id: _, ...f }) => f),
      tags: tags.filter((t) => t.evidence_id === e.id).map(toTagDto),
    }));
  }

  async toDto(row: EvidenceEntity): Promise<EvidenceDto> {
    return (await this.toDtos([row]))[0];
  }
}

const toTagDto = (t: TagRow): TagDto => ({
  code: t.code,
  kind: t.kind,
  justification: t.justification,
  status: t.status,
  decidedBy: t.decided_by_id ? { id: t.decided_by_id, name: t.decided_by_name! } : null,
  decidedAt: t.decided_at,
  reason: t.reason,
});
