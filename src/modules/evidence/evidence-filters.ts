import type { SelectQueryBuilder } from 'typeorm';
import { evidenceNumberOf, evidenceSearchSql } from '../../common/database/search.js';
import type { ListEvidenceQueryDto } from './dto/evidence-input.dto.js';
import type { EvidenceEntity } from './entities/evidence.entity.js';

/** The filters every evidence list shares, on the query builder's `e` (evidence). */
export function filterEvidence<T extends SelectQueryBuilder<EvidenceEntity>>(
  qb: T,
  query: ListEvidenceQueryDto,
): T {
  if (query.status) qb.andWhere('e.status = :status', { status: query.status });
  if (query.kind) qb.andWhere('e.kind = :kind', { kind: query.kind });
  if (query.criterion) {
    qb.andWhere(
      `EXISTS (SELECT 1 FROM evidence_tags t JOIN criteria c ON c.id = t.criterion_id
               WHERE t.evidence_id = e.id AND c.code = :criterion)`,
      { criterion: query.criterion },
    );
  }
  if (query.q) {
    const number = evidenceNumberOf(query.q);
    qb.andWhere(number === null ? evidenceSearchSql('e', ':q') : `e.number = :qNumber`, {
      q: query.q,
      qNumber: number,
    });
  }
  return qb;
}
