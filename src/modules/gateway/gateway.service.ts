import { Injectable } from '@nestjs/common';
import { AuthUser } from '../../common/auth/auth-user.js';
import { AppError } from '../../common/errors/app-error.js';
import { ApprenticeshipEntity } from '../apprenticeships/apprenticeship.entity.js';
import { ApprenticeshipsService } from '../apprenticeships/apprenticeships.service.js';
import { AuditWriter } from '../../common/audit/audit-writer.js';
import { Database } from '../../common/database/database.js';
import { CoverageService } from '../coverage/coverage.service.js';
import { PortfolioBuilder } from '../portfolio/portfolio-builder.js';
import { PortfolioContent } from '../portfolio/portfolio-content.js';
import { PortfolioService } from '../portfolio/portfolio.service.js';
import { FileStorage } from '../storage/storage.js';
import { DeclarationEntity } from './declaration.entity.js';
import { GatewayStateDto, SnapshotDto } from './dto/gateway.dto.js';
import { PortfolioSnapshotEntity } from './portfolio-snapshot.entity.js';
import { DECLARATION_ROLES } from '../../common/vocabulary.js';
import type { DeclarationRole } from '../../common/vocabulary.js';
import { Page, PageQueryDto, toPage } from '../../common/dto/page.dto.js';
import { OtjProgressService } from '../otj/otj-progress.service.js';
import { Clock } from '../../common/clock/clock.js';
import { prepared } from '../../common/database/named-query.js';
import { coverageCtes } from '../coverage/coverage-sql.js';

/** A required criterion gateway misses only because its evidence was sent back for changes. */
export interface HeldBackCriterion {
  code: string;
  /** The evidence sent back for changes that the criterion was accepted on, by number. */
  evidence: { id: string; reference: string; title: string }[];
}

/**
 * Of `:missing` (required criteria the accepted evidence does not evidence), those the live
 * coverage counts as evidenced: by the one coverage rule, tags accepted on evidence that is not
 * accepted count there but not in a snapshot. Such evidence is evidence sent back for changes
 * (submitting again returns every tag to claimed), so each criterion comes with that evidence.
 */
const HELD_BACK_SQL = prepared(`
WITH ${coverageCtes('a.id = :apprenticeshipId')}
SELECT cv.code,
       json_agg(json_build_object('id', e.id, 'reference', 'E' || e.number, 'title', e.title)
                ORDER BY e.number) AS evidence
FROM coverage cv
JOIN evidence e ON e.apprenticeship_id = cv.apprenticeship_id AND e.status = 'changes_requested'
JOIN evidence_tags t
  ON t.evidence_id = e.id AND t.criterion_id = cv.criterion_id AND t.status = 'accepted'
WHERE cv.status = 'evidenced' AND cv.code = ANY(CAST(:missing AS text[]))
GROUP BY cv.code, cv.position
ORDER BY cv.position`);

@Injectable()
export class GatewayService {
  constructor(
    private readonly db: Database,
    private readonly apprenticeships: ApprenticeshipsService,
    private readonly portfolio: PortfolioService,
    private readonly builder: PortfolioBuilder,
    private readonly coverage: CoverageService,
    private readonly audit: AuditWriter,
    private readonly storage: FileStorage,
    private readonly otj: OtjProgressService,
    private readonly clock: Clock,
  ) {}

  /** Live state (Permission.GatewayRead: not for assessors, who see only what a snapshot froze). */
  async state(apprenticeshipId: string): Promise<GatewayStateDto> {
    const a = await this.apprenticeships.load(apprenticeshipId);
    const signed = await this.db.manager.find(DeclarationEntity, {
      where: { apprenticeshipId },
      relations: { signedBy: true },
    });
    const { required, missing } = await this.gaps(a, null);
    return {
      status: a.status,
      declarations: DECLARATION_ROLES.map((role) => {
        const d = signed.find((s) => s.role === role);
        return {
          role,
          statement: d?.statement ?? this.statement(role),
          signed: !!d,
          signedBy: d?.signedBy.name ?? null,
          signedAt: d?.signedAt ?? null,
        };
      }),
      required,
      missing,
      otj: await this.otj.gatewayCheck(apprenticeshipId),
      snapshots: await this.listSnapshots(apprenticeshipId),
    };
  }

  /** The caller signs the declaration of their own role; nobody can sign for someone else. */
  async sign(user: AuthUser, apprenticeshipId: string): Promise<GatewayStateDto> {
    // Permission.DeclarationSign is held by exactly the declaration roles.
    const role = user.role as DeclarationRole;
    await this.db.transaction(async () => {
      const m = this.db.manager;
      const a = await this.apprenticeships.load(apprenticeshipId, true);
      if (a.status !== 'in_training')
        throw AppError.conflict(`The apprenticeship is already at ${a.status}`);
      if (await m.existsBy(DeclarationEntity, { apprenticeshipId, role })) {
        throw AppError.conflict(`The ${role} declaration is already signed`);
      }
      const declaration = await m.save(
        m.create(DeclarationEntity, {
          apprenticeshipId,
          role,
          signedById: user.id,
          signedAt: this.clock.now(),
          statement: this.statement(role),
        }),
      );
      await this.audit.record({
        apprenticeshipId,
        actorId: user.id,
        action: 'gateway.declaration_signed',
        entityType: 'gateway_declaration',
        entityId: declaration.id,
        after: { role, statement: declaration.statement },
      });
    });
    return this.state(apprenticeshipId);
  }

  /**
   * Required: the KSBs of the standard's assessment methods when it has any, else every K, S and
   * B. Missing: required criteria not evidenced by the accepted evidence considered
   * (`evidenceIds`, or all accepted evidence), by the one coverage rule.
   */
  /** Public for the freeze, which refuses while required criteria are missing. */
  async gaps(a: ApprenticeshipEntity, evidenceIds: string[] | null) {
    const required = await this.db.query<{ code: string }[]>(
      `WITH methods AS (
         SELECT DISTINCT mc.criterion_id FROM assessment_methods am
         JOIN assessment_method_criteria mc ON mc.assessment_method_id = am.id WHERE am.standard_id = $1)
       SELECT c.code FROM criteria c
       WHERE c.standard_id = $1
         AND (CASE WHEN EXISTS (SELECT 1 FROM methods) THEN c.id IN (SELECT criterion_id FROM methods)
                   ELSE c.kind <> 'duty' END)
       ORDER BY c.position`,
      [a.standardId],
    );
    const coverage = await this.coverage.forApprenticeship(a.id, { evidenceIds });
    const evidenced = new Set(
      coverage.criteria.filter((c) => c.status === 'evidenced').map((c) => c.code),
    );
    return {
      required: required.map((r) => r.code),
      missing: required.map((r) => r.code).filter((code) => !evidenced.has(code)),
    };
  }

  /**
   * Why criteria counted on the portfolio are missing at gateway: those of `missing` accepted on
   * evidence sent back for changes, in the standard's order. They count once it is accepted.
   */
  async heldBack(apprenticeshipId: string, missing: string[]): Promise<HeldBackCriterion[]> {
    if (missing.length === 0) return [];
    return this.db.queryNamed<HeldBackCriterion>(HELD_BACK_SQL, { apprenticeshipId, missing });
  }

  /** GET /apprenticeships/:id/snapshots: newest first, a page like every list. */
  async snapshotPage(apprenticeshipId: string, page: PageQueryDto): Promise<Page<SnapshotDto>> {
    const all = await this.listSnapshots(apprenticeshipId);
    return toPage(all.slice(page.offset, page.offset + page.limit), all.length, page);
  }

  listSnapshots(apprenticeshipId: string): Promise<SnapshotDto[]> {
    return this.db.query<SnapshotDto[]>(
      `SELECT s.id, s.created_at AS "createdAt", u.name AS "frozenBy", s.content_sha256 AS "contentSha256",
              s.pdf_sha256 AS "pdfSha256", s.pdf_size::float8 AS "pdfSize", s.override_reason AS "overrideReason",
              coalesce((SELECT array_agg('E' || e.number ORDER BY e.number) FROM snapshot_evidence se
                        JOIN evidence e ON e.id = se.evidence_id WHERE se.snapshot_id = s.id), '{}') AS evidence
       FROM portfolio_snapshots s JOIN users u ON u.id = s.created_by_id
       WHERE s.apprenticeship_id = $1 ORDER BY s.created_at DESC`,
      [apprenticeshipId],
    );
  }

  statement(role: DeclarationRole): string {
    return this.portfolio.templateText.declarations[role].statement;
  }

  /** Content as frozen, for re-rendering (tests prove the bytes are identical). */
  async frozenContent(
    snapshotId: string,
  ): Promise<{ snapshot: PortfolioSnapshotEntity; content: PortfolioContent }> {
    const snapshot = await this.db.manager.findOneBy(PortfolioSnapshotEntity, {
      id: snapshotId,
    });
    if (!snapshot) throw AppError.notFound('Snapshot');
    return { snapshot, content: snapshot.content as PortfolioContent };
  }
}
