import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuthUser } from '../../common/auth/auth-user.js';
import { AppError, FieldError } from '../../common/errors/app-error.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import { ApprenticeshipEntity } from '../apprenticeships/apprenticeship.entity.js';
import { ApprenticeshipsService } from '../apprenticeships/apprenticeships.service.js';
import { AuditWriter } from '../../common/audit/audit-writer.js';
import { Database } from '../../database/database.js';
import { CoverageService } from '../coverage/coverage.service.js';
import { PortfolioBuilder } from '../portfolio/portfolio-builder.js';
import { contentSha256, PortfolioContent } from '../portfolio/portfolio-content.js';
import { PortfolioService, StoredPdf } from '../portfolio/portfolio.service.js';
import { FileStorage } from '../storage/storage.js';
import { DeclarationEntity } from './declaration.entity.js';
import { FreezeGatewayDto, GatewayStateDto, SnapshotDto } from './dto/gateway.dto.js';
import { PortfolioSnapshotEntity } from './portfolio-snapshot.entity.js';
import { SnapshotEvidenceEntity } from './snapshot-evidence.entity.js';
import { DECLARATION_ROLES } from '../../common/vocabulary.js';
import type { DeclarationRole } from '../../common/vocabulary.js';

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
   * Freezes the portfolio: checks and reads its content in one consistent snapshot of the
   * database, renders the PDF once into storage, then commits the snapshot, its evidence and the
   * status change together. If the commit fails the stored PDF is deleted.
   */
  async freeze(
    user: AuthUser,
    apprenticeshipId: string,
    dto: FreezeGatewayDto,
  ): Promise<SnapshotDto> {
    const snapshotId = randomUUID();
    const content = await this.frozenContentOf(user, apprenticeshipId, snapshotId, dto);
    const pdf = await this.portfolio.renderToStorage(content);
    try {
      await this.commitSnapshot(user, apprenticeshipId, content, pdf, dto);
    } catch (error) {
      await this.storage.delete(pdf.storageKey);
      throw error;
    }
    return (await this.listSnapshots(apprenticeshipId)).find((s) => s.id === snapshotId)!;
  }

  /**
   * Checks readiness and builds the content under REPEATABLE READ, so the declarations, the
   * coverage check and every row the PDF shows come from the same moment.
   */
  private frozenContentOf(
    user: AuthUser,
    apprenticeshipId: string,
    snapshotId: string,
    dto: FreezeGatewayDto,
  ): Promise<PortfolioContent> {
    return this.db.transaction(async () => {
      const a = await this.apprenticeships.load(apprenticeshipId);
      await this.checkReady(a, dto);
      const evidenceIds = dto.evidenceIds ?? (await this.acceptedEvidence(apprenticeshipId));
      // The content hash goes on the cover, so it is taken over the content without it.
      const snapshot = {
        id: snapshotId,
        sha256OfContent: '0'.repeat(64),
        frozenAt: new Date().toISOString(),
        frozenBy: user.name,
      };
      const built = await this.builder.build(apprenticeshipId, {
        kind: 'gateway',
        evidenceIds,
        snapshot,
      });
      built.snapshot!.sha256OfContent = contentSha256({
        ...built,
        snapshot: { ...snapshot, sha256OfContent: '' },
      });
      return built;
    }, 'REPEATABLE READ');
  }

  /** Writes the snapshot, its evidence, the status change and the audit record in one go. */
  private commitSnapshot(
    user: AuthUser,
    apprenticeshipId: string,
    content: PortfolioContent,
    pdf: StoredPdf,
    dto: FreezeGatewayDto,
  ): Promise<void> {
    const snapshot = content.snapshot!;
    return this.db.transaction(async () => {
      const m = this.db.manager;
      // Lock the apprenticeship: of two concurrent freezes, the second sees the first's snapshot.
      const locked = await this.apprenticeships.load(apprenticeshipId, true);
      if (
        locked.status !== 'in_training' ||
        (await this.apprenticeships.isFrozen(apprenticeshipId))
      ) {
        throw AppError.conflict('The portfolio has already been frozen');
      }
      await m.insert(PortfolioSnapshotEntity, {
        id: snapshot.id,
        apprenticeshipId,
        createdById: user.id,
        content: content as object,
        contentSha256: snapshot.sha256OfContent,
        pdfStorageKey: pdf.storageKey,
        pdfSha256: pdf.sha256,
        pdfSize: pdf.size,
        overrideReason: dto.overrideReason ?? null,
        createdAt: new Date(snapshot.frozenAt),
      });
      if (content.evidence.length > 0) {
        await m.insert(
          SnapshotEvidenceEntity,
          content.evidence.map((e) => ({ snapshotId: snapshot.id, evidenceId: e.id })),
        );
      }
      await m.update(ApprenticeshipEntity, apprenticeshipId, { status: 'gateway' });
      await this.audit.record({
        apprenticeshipId,
        actorId: user.id,
        action: 'gateway.frozen',
        entityType: 'portfolio_snapshot',
        entityId: snapshot.id,
        before: { status: 'in_training' },
        after: {
          status: 'gateway',
          evidence: content.evidence.map((e) => e.reference),
          contentSha256: snapshot.sha256OfContent,
          pdfSha256: pdf.sha256,
          overrideReason: dto.overrideReason ?? null,
        },
      });
    });
  }

  private async checkReady(a: ApprenticeshipEntity, dto: FreezeGatewayDto): Promise<void> {
    if (a.status !== 'in_training')
      throw AppError.conflict(`The apprenticeship is already at ${a.status}`);
    const signed = await this.db.manager.findBy(DeclarationEntity, { apprenticeshipId: a.id });
    const unsigned = DECLARATION_ROLES.filter((role) => !signed.some((s) => s.role === role));
    const errors: FieldError[] = unsigned.map((role) => ({
      field: 'declarations',
      message: `the ${role} has not signed`,
    }));
    if (dto.evidenceIds) {
      const accepted = new Set(await this.acceptedEvidence(a.id));
      dto.evidenceIds.forEach((id, i) => {
        if (!accepted.has(id))
          errors.push({
            field: `evidenceIds.${i}`,
            message: 'is not accepted evidence of this apprenticeship',
          });
      });
    }
    if (errors.length > 0)
      throw AppError.validation(errors, 'The portfolio is not ready for gateway');
    const { missing } = await this.gaps(a, dto.evidenceIds ?? null);
    if (missing.length > 0 && !dto.overrideReason) {
      throw new AppError(
        ErrorCode.ValidationFailed,
        `Required criteria are not evidenced: ${missing.join(', ')}`,
        [
          {
            field: 'criteria',
            message: 'not evidenced by the included accepted evidence',
            missing,
          } as FieldError,
        ],
      );
    }
  }

  private async acceptedEvidence(apprenticeshipId: string): Promise<string[]> {
    const rows = await this.db.query<{ id: string }[]>(
      `SELECT id FROM evidence WHERE apprenticeship_id = $1 AND status = 'accepted' ORDER BY number`,
      [apprenticeshipId],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Required: the KSBs of the standard's assessment methods when it has any, else every K, S and
   * B. Missing: required criteria not evidenced by the accepted evidence considered
   * (`evidenceIds`, or all accepted evidence), by the one coverage rule.
   */
  private async gaps(a: ApprenticeshipEntity, evidenceIds: string[] | null) {
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
