import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { Database } from '../../common/database/database.js';
import { Page, toPage } from '../../common/dto/page.dto.js';
import { apprenticeshipScope } from '../access/access-scopes.js';
import { EvidenceQueueQueryDto } from './dto/evidence-input.dto.js';
import { EvidenceQueueItemDto } from './dto/evidence.dto.js';
import { EvidenceEntity } from './entities/evidence.entity.js';
import { filterEvidence } from './evidence-filters.js';

interface QueueRow {
  id: string;
  number: number;
  title: string;
  kind: EvidenceQueueItemDto['kind'];
  status: EvidenceQueueItemDto['status'];
  apprenticeship_id: string;
  apprentice_id: string;
  apprentice_name: string;
  cohort_id: string | null;
  cohort_name: string | null;
  tutor_id: string;
  tutor_name: string;
  tag_count: number;
  submitted_at: Date | null;
  waiting_hours: number | null;
  updated_at: Date;
}

const toItem = (r: QueueRow): EvidenceQueueItemDto => ({
  id: r.id,
  reference: `E${r.number}`,
  title: r.title,
  kind: r.kind,
  status: r.status,
  apprenticeship: {
    id: r.apprenticeship_id,
    apprentice: { id: r.apprentice_id, name: r.apprentice_name },
    cohort: r.cohort_id ? { id: r.cohort_id, name: r.cohort_name! } : null,
    tutor: { id: r.tutor_id, name: r.tutor_name },
  },
  tagCount: r.tag_count,
  submittedAt: r.submitted_at,
  waitingHours: r.waiting_hours,
  updatedAt: r.updated_at,
});

/**
 * The review queue: evidence across every apprenticeship the caller follows (a tutor's provider,
 * an employer's apprentices, an apprentice's own), waiting longest first.
 */
@Injectable()
export class EvidenceQueueService {
  constructor(private readonly db: Database) {}

  async list(user: AuthUser, query: EvidenceQueueQueryDto): Promise<Page<EvidenceQueueItemDto>> {
    const scope = apprenticeshipScope(user, 'a', true);
    const qb = filterEvidence(
      this.db.manager
        .createQueryBuilder(EvidenceEntity, 'e')
        .innerJoin('e.apprenticeship', 'a')
        .innerJoin('a.apprentice', 'ap')
        .innerJoin('a.tutor', 'tu')
        .leftJoin('a.cohort', 'co')
        .where(scope.sql, scope.params),
      query,
    );
    if (query.cohortId) qb.andWhere('a.cohort_id = :cohortId', { cohortId: query.cohortId });
    if (query.tutorId) qb.andWhere('a.tutor_id = :tutorId', { tutorId: query.tutorId });
    if (query.apprenticeshipId) qb.andWhere('a.id = :aid', { aid: query.apprenticeshipId });
    // count(*) rather than TypeORM's getCount(), which counts DISTINCT ids: every join is to one row.
    const [{ total }] = await this.db.queryNamed<{ total: number }>(
      `SELECT count(*)::int AS total FROM (${qb.clone().select('1').getQuery()}) q`,
      qb.getParameters(),
    );
    qb.select([
      'e.id AS id',
      'e.number AS number',
      'e.title AS title',
      'e.kind AS kind',
      'e.status AS status',
      'a.id AS apprenticeship_id',
      'ap.id AS apprentice_id',
      'ap.name AS apprentice_name',
      'co.id AS cohort_id',
      'co.name AS cohort_name',
      'tu.id AS tutor_id',
      'tu.name AS tutor_name',
      '(SELECT count(*)::int FROM evidence_tags t WHERE t.evidence_id = e.id) AS tag_count',
      'e.submitted_at AS submitted_at',
      `CASE WHEN e.status = 'submitted' THEN round((extract(epoch FROM now() - e.submitted_at) / 3600)::numeric, 1)::float8 END AS waiting_hours`,
      'e.updated_at AS updated_at',
    ]);
    // Waiting longest first (the queue proper walks ix_evidence_status_submitted_at), then the
    // most recently changed.
    if (query.status === 'submitted') qb.orderBy('e.submitted_at', 'ASC');
    else
      qb.orderBy(`CASE WHEN e.status = 'submitted' THEN e.submitted_at END`, 'ASC', 'NULLS LAST');
    const rows = await qb
      .addOrderBy('e.updated_at', 'DESC')
      .addOrderBy('e.id')
      .limit(query.limit)
      .offset(query.offset)
      .getRawMany<QueueRow>();
    return toPage(rows.map(toItem), total, query);
  }
}
