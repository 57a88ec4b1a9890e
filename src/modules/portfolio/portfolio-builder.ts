import { Injectable } from '@nestjs/common';
import { Clock } from '../../common/clock/clock.js';
import { Database } from '../../common/database/database.js';
import { AppError } from '../../common/errors/app-error.js';
import { effectiveThresholdSql } from '../coverage/coverage-sql.js';
import { CoverageService } from '../coverage/coverage.service.js';
import { PortfolioContent } from './portfolio-content.js';
import type {
  PortfolioDeclaration,
  PortfolioOtj,
  PortfolioProgressReview,
} from './pdf/portfolio-document.js';
import { OtjProgressService } from '../otj/otj-progress.service.js';

interface HeaderRow {
  apprentice_name: string;
  apprentice_email: string;
  uln: string;
  employer_name: string;
  provider_name: string;
  ukprn: string;
  assessor_name: string | null;
  assessor_org: string | null;
  standard_id: string;
  code: string;
  version: string;
  title: string;
  level: number;
  summary: string | null;
  threshold: number;
  start_date: string;
  planned_gateway_date: string;
}

type EvidenceRow = PortfolioContent['evidence'][number];

/**
 * Reads everything a portfolio shows, in the ambient transaction when there is one (the gateway
 * reads it under REPEATABLE READ). Draft: all evidence, live coverage. Gateway: only the selected evidence,
 * with coverage computed from that evidence alone.
 */
@Injectable()
export class PortfolioBuilder {
  constructor(
    private readonly db: Database,
    private readonly coverage: CoverageService,
    private readonly otjProgress: OtjProgressService,
    private readonly clock: Clock,
  ) {}

  async build(
    apprenticeshipId: string,
    options:
      | { kind: 'draft' }
      | { kind: 'gateway'; evidenceIds: string[]; snapshot: PortfolioContent['snapshot'] },
  ): Promise<PortfolioContent> {
    const [header] = await this.db.query<HeaderRow[]>(HEADER_SQL, [apprenticeshipId]);
    if (!header) throw AppError.notFound('Apprenticeship');
    const evidenceIds = options.kind === 'gateway' ? options.evidenceIds : null;
    const evidence = await this.evidence(apprenticeshipId, evidenceIds);
    // A gateway PDF's statuses count only the evidence it freezes: the same rule, fewer rows.
    const coverage = await this.coverage.forApprenticeship(
      apprenticeshipId,
      evidenceIds ? { evidenceIds } : undefined,
    );
    const criteria = coverage.criteria.map(({ kind, code, text, status }) => ({
      kind,
      code,
      text,
      status,
    }));
    return {
      kind: options.kind,
      generatedAt:
        options.kind === 'gateway' ? options.snapshot!.frozenAt : this.clock.now().toISOString(),
      ...(options.kind === 'gateway' ? { snapshot: options.snapshot } : {}),
      apprentice: { name: header.apprentice_name, uln: header.uln, email: header.apprentice_email },
      employer: { name: header.employer_name },
      provider: { name: header.provider_name, ukprn: header.ukprn },
      ...(header.assessor_name || header.assessor_org
        ? {
            assessor: {
              name: header.assessor_name ?? undefined,
              organisation: header.assessor_org ?? undefined,
            },
          }
        : {}),
      standard: {
        code: header.code,
        version: header.version,
        title: header.title,
        level: header.level,
        ...(header.summary ? { summary: header.summary } : {}),
      },
      dates: {
        start: header.start_date,
        plannedGateway: header.planned_gateway_date,
        ...(options.kind === 'gateway' ? { gateway: options.snapshot!.frozenAt.slice(0, 10) } : {}),
      },
      criteria,
      evidence,
      declarations: await this.declarations(apprenticeshipId),
      otj: await this.otj(apprenticeshipId),
      progressReviews: await this.progressReviews(apprenticeshipId),
    };
  }

  /** Off-the-job hours; at gateway, read in the freeze's transaction and frozen with it. */
  private async otj(apprenticeshipId: string): Promise<PortfolioOtj> {
    const p = await this.otjProgress.forApprenticeship(apprenticeshipId);
    const byCategory = await this.db.query<PortfolioOtj['byCategory']>(
      `SELECT c.label, c.eligible, round(sum(e.duration_minutes) / 60.0, 2)::float8 AS "approvedHours",
              count(*)::int AS entries
       FROM otj_entries e JOIN otj_categories c ON c.id = e.category_id
       WHERE e.apprenticeship_id = $1 AND e.status = 'approved'
       GROUP BY c.id, c.label, c.eligible, c.position ORDER BY c.position`,
      [apprenticeshipId],
    );
    return {
      ruleYear: p.ruleYear,
      plannedHours: p.plannedHours,
      minimumHours: p.minimumHours,
      floorHours: p.floorHours,
      rplHours: p.rplHours,
      approvedHours: p.approvedHours,
      pendingHours: p.pendingHours,
      byCategory,
    };
  }

  /** Every progress review with its signatures, in meeting order (frozen with the rest at gateway). */
  private async progressReviews(apprenticeshipId: string): Promise<PortfolioProgressReview[]> {
    return this.db.query<PortfolioProgressReview[]>(
      `SELECT r.number, to_char(r.meeting_date, 'YYYY-MM-DD') AS "meetingDate",
              coalesce((SELECT json_agg(json_build_object(
                          'party', s.party, 'name', u.name,
                          'signedAt', to_char(s.signed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                          'daysAfterMeeting', (s.signed_at AT TIME ZONE 'UTC')::date - r.meeting_date)
                          ORDER BY s.signed_at)
                        FROM progress_review_signatures s JOIN users u ON u.id = s.signed_by_id
                        WHERE s.review_id = r.id), '[]') AS signatures
       FROM progress_reviews r WHERE r.apprenticeship_id = $1 ORDER BY r.number`,
      [apprenticeshipId],
    );
  }

  private async evidence(apprenticeshipId: string, ids: string[] | null): Promise<EvidenceRow[]> {
    return this.db.query<EvidenceRow[]>(EVIDENCE_SQL, [apprenticeshipId, ids]);
  }

  private declarations(apprenticeshipId: string): Promise<PortfolioDeclaration[]> {
    return this.db.query<PortfolioDeclaration[]>(
      `SELECT d.role, u.name, d.statement, to_char(d.signed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "signedAt"
       FROM gateway_declarations d JOIN users u ON u.id = d.signed_by_id
       WHERE d.apprenticeship_id = $1
       ORDER BY array_position(ARRAY['apprentice','employer','provider']::text[], d.role::text)`,
      [apprenticeshipId],
    );
  }
}

const HEADER_SQL = `
  SELECT ap.name AS apprentice_name, ap.email AS apprentice_email, a.uln,
         emp.name AS employer_name, prov.name AS provider_name, prov.ukprn,
         asr.name AS assessor_name, epao.name AS assessor_org,
         s.id AS standard_id, s.code, s.version, s.title, s.level, s.summary, ${effectiveThresholdSql('s', 'prov')} AS threshold,
         to_char(a.start_date, 'YYYY-MM-DD') AS start_date,
         to_char(a.planned_gateway_date, 'YYYY-MM-DD') AS planned_gateway_date
  FROM apprenticeships a
  JOIN users ap ON ap.id = a.apprentice_id
  JOIN organisations emp ON emp.id = a.employer_id
  JOIN organisations prov ON prov.id = a.provider_id
  JOIN standards s ON s.id = a.standard_id
  LEFT JOIN users asr ON asr.id = a.assessor_id
  LEFT JOIN organisations epao ON epao.id = asr.organisation_id
  WHERE a.id = $1`;

/** Evidence with its tags and files as JSON, in reference order; $2 NULL means all evidence. */
const EVIDENCE_SQL = `
  SELECT e.id, 'E' || e.number AS reference, e.title, e.kind,
         to_char(e.activity_date, 'YYYY-MM-DD') AS "activityDate", e.status, e.description, e.links,
         coalesce((SELECT json_agg(json_strip_nulls(json_build_object(
                     'code', c.code, 'justification', t.justification, 'status', t.status,
                     'decidedBy', u.name,
                     'decidedAt', to_char(t.decided_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                     'reason', t.reason)) ORDER BY c.position)
                   FROM evidence_tags t JOIN criteria c ON c.id = t.criterion_id
                   LEFT JOIN users u ON u.id = t.decided_by_id
                   WHERE t.evidence_id = e.id), '[]') AS tags,
         coalesce((SELECT json_agg(json_strip_nulls(json_build_object(
                     'id', f.id, 'name', f.original_name, 'mediaType', f.media_type, 'size', f.size,
                     'sha256', f.sha256, 'md5', encode(f.md5, 'hex'), 'storageKey', f.storage_key))
                     ORDER BY f.created_at, f.original_name COLLATE "C", f.id)
                   FROM evidence_files f WHERE f.evidence_id = e.id), '[]') AS files
  FROM evidence e
  WHERE e.apprenticeship_id = $1 AND ($2::uuid[] IS NULL OR e.id = ANY($2::uuid[]))
  ORDER BY e.number`;
