import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuthUser } from '../../common/auth/auth-user.js';
import { AppError, FieldError } from '../../common/errors/app-error.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import { ApprenticeshipEntity } from '../apprenticeships/apprenticeship.entity.js';
import { ApprenticeshipsService } from '../apprenticeships/apprenticeships.service.js';
import { AuditService } from '../audit/audit.service.js';
import { effectiveThresholdSql } from '../coverage/coverage-sql.js';
import { PortfolioBuilder } from '../portfolio/portfolio-builder.js';
import { contentSha256, PortfolioContent } from '../portfolio/portfolio-content.js';
import { PortfolioService } from '../portfolio/portfolio.service.js';
import { FileStorage } from '../storage/storage.js';
import { DECLARATION_ROLES, DeclarationEntity, DeclarationRole } from './declaration.entity.js';
import { FreezeGatewayDto, GatewayStateDto, SnapshotDto } from './dto/gateway.dto.js';
import { PortfolioSnapshotEntity } from './portfolio-snapshot.entity.js';
import { SnapshotEvidenceEntity } from './snapshot-evidence.entity.js';

/** Each role signs its own declaration: the signer's role is the declaration's role. */
const SIGNS_AS: Partial<Record<AuthUser['role'], DeclarationRole>> = {
  apprentice: 'apprentice',
  employer: 'employer',
  provider: 'provider',
};

@Injectable()
export class GatewayService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly apprenticeships: ApprenticeshipsService,
    private readonly portfolio: PortfolioService,
    private readonly builder: PortfolioBuilder,
    private readonly audit: AuditService,
    private readonly storage: FileStorage,
  ) {}

  /** Live state: not for assessors, who see only what a snapshot froze. */
  async state(user: AuthUser, apprenticeshipId: string): Promise<GatewayStateDto> {
    const a = await this.apprenticeships.requireLive(user, apprenticeshipId);
    const m = this.dataSource.manager;
    const signed = await m.find(DeclarationEntity, {
      where: { apprenticeshipId },
      relations: { signedBy: true },
    });
    const { required, missing } = await this.gaps(m, a, null);
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
    const role = SIGNS_AS[user.role];
    const a = await this.apprenticeships.requireVisible(user, apprenticeshipId);
    if (!role)
      throw AppError.forbidden('Only the apprentice, their employer and their provider sign');
    if (a.status !== 'in_training')
      throw AppError.conflict(`The apprenticeship is already at ${a.status}`);
    await this.dataSource.transaction(async (m) => {
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
      await this.audit.record(m, {
        apprenticeshipId,
        actorId: user.id,
        action: 'gateway.declaration_signed',
        entityType: 'gateway_declaration',
        entityId: declaration.id,
        after: { role, statement: declaration.statement },
      });
    });
    return this.state(user, apprenticeshipId);
  }

  /**
   * Freezes the portfolio: checks, renders the PDF once into storage, then commits the snapshot,
   * its evidence and the status change together. If the commit fails the stored PDF is deleted.
   */
  async freeze(
    user: AuthUser,
    apprenticeshipId: string,
    dto: FreezeGatewayDto,
  ): Promise<SnapshotDto> {
    const a = await this.apprenticeships.requireVisible(user, apprenticeshipId);
    if (user.role !== 'provider')
      throw AppError.forbidden('A provider user freezes the portfolio at gateway');
    const snapshotId = randomUUID();
    const frozenAt = new Date();
    const content = await this.dataSource.transaction(async (m) => {
      await this.checkReady(m, a, dto);
      const evidenceIds = dto.evidenceIds ?? (await this.acceptedEvidence(m, apprenticeshipId));
      // The content hash goes on the cover, so it is taken over the content without it.
      const snapshot = {
        id: snapshotId,
        sha256OfContent: '0'.repeat(64),
        frozenAt: frozenAt.toISOString(),
        frozenBy: user.name,
      };
      const built = await this.builder.build(m, apprenticeshipId, {
        kind: 'gateway',
        evidenceIds,
        snapshot,
      });
      built.snapshot!.sha256OfContent = contentSha256({
        ...built,
        snapshot: { ...snapshot, sha256OfContent: '' },
      });
      return built;
    });
    const pdf = await this.portfolio.renderToStorage(content);
    try {
      await this.dataSource.transaction(async (m) => {
        // Lock the apprenticeship: of two concurrent freezes, the second sees the first's snapshot.
        const locked = await m.findOne(ApprenticeshipEntity, {
          where: { id: apprenticeshipId },
          lock: { mode: 'pessimistic_write' },
        });
        if (
          locked?.status !== 'in_training' ||
          (await m.existsBy(PortfolioSnapshotEntity, { apprenticeshipId }))
        ) {
          throw AppError.conflict('The portfolio has already been frozen');
        }
        await m.insert(PortfolioSnapshotEntity, {
          id: snapshotId,
          apprenticeshipId,
          createdById: user.id,
          content: content as object,
          contentSha256: content.snapshot!.sha256OfContent,
          pdfStorageKey: pdf.storageKey,
          pdfSha256: pdf.sha256,
          pdfSize: pdf.size,
          overrideReason: dto.overrideReason ?? null,
          createdAt: frozenAt,
        });
        if (content.evidence.length > 0) {
          await m.insert(
            SnapshotEvidenceEntity,
            content.evidence.map((e) => ({ snapshotId, evidenceId: e.id })),
          );
        }
        await m.update(ApprenticeshipEntity, apprenticeshipId, { status: 'gateway' });
        await this.audit.record(m, {
          apprenticeshipId,
          actorId: user.id,
          action: 'gateway.frozen',
          entityType: 'portfolio_snapshot',
          entityId: snapshotId,
          before: { status: 'in_training' },
          after: {
            status: 'gateway',
            evidence: content.evidence.map((e) => e.reference),
            contentSha256: content.snapshot!.sha256OfContent,
            pdfSha256: pdf.sha256,
            overrideReason: dto.overrideReason ?? null,
          },
        });
      });
    } catch (error) {
      await this.storage.delete(pdf.storageKey);
      throw error;
    }
    return (await this.listSnapshots(apprenticeshipId)).find((s) => s.id === snapshotId)!;
  }

  private async checkReady(
    m: EntityManager,
    a: ApprenticeshipEntity,
    dto: FreezeGatewayDto,
  ): Promise<void> {
    if (a.status !== 'in_training')
      throw AppError.conflict(`The apprenticeship is already at ${a.status}`);
    const signed = await m.findBy(DeclarationEntity, { apprenticeshipId: a.id });
    const unsigned = DECLARATION_ROLES.filter((role) => !signed.some((s) => s.role === role));
    const errors: FieldError[] = unsigned.map((role) => ({
      field: 'declarations',
      message: `the ${role} has not signed`,
    }));
    if (dto.evidenceIds) {
      const accepted = new Set(await this.acceptedEvidence(m, a.id));
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
    const { missing } = await this.gaps(m, a, dto.evidenceIds ?? null);
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

  private async acceptedEvidence(m: EntityManager, apprenticeshipId: string): Promise<string[]> {
    const rows = await m.query<{ id: string }[]>(
      `SELECT id FROM evidence WHERE apprenticeship_id = $1 AND status = 'accepted' ORDER BY number`,
      [apprenticeshipId],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Required: the KSBs of the standard's assessment methods when it has any, else every K, S and
   * B. Missing: required criteria with fewer accepted tags than the threshold on the accepted
   * evidence considered (`evidenceIds`, or all accepted evidence).
   */
  private async gaps(m: EntityManager, a: ApprenticeshipEntity, evidenceIds: string[] | null) {
    const rows = await m.query<{ code: string; evidenced: boolean }[]>(
      `WITH methods AS (
         SELECT DISTINCT mc.criterion_id FROM assessment_methods am
         JOIN assessment_method_criteria mc ON mc.assessment_method_id = am.id WHERE am.standard_id = $1),
       required AS (
         SELECT c.id, c.code, c.position FROM criteria c
         WHERE c.standard_id = $1
           AND (CASE WHEN EXISTS (SELECT 1 FROM methods) THEN c.id IN (SELECT criterion_id FROM methods)
                     ELSE c.kind <> 'duty' END))
       SELECT r.code, (count(t.id) >= (SELECT ${effectiveThresholdSql()} FROM apprenticeships a
                                       JOIN standards s ON s.id = a.standard_id
                                       JOIN organisations p ON p.id = a.provider_id
                                       WHERE a.id = $2)) AS evidenced
       FROM required r
       LEFT JOIN evidence_tags t ON t.criterion_id = r.id AND t.status = 'accepted'
         AND t.evidence_id IN (SELECT id FROM evidence WHERE apprenticeship_id = $2 AND status = 'accepted'
                               AND ($3::uuid[] IS NULL OR id = ANY($3::uuid[])))
       GROUP BY r.code, r.position ORDER BY r.position`,
      [a.standardId, a.id, evidenceIds],
    );
    return {
      required: rows.map((r) => r.code),
      missing: rows.filter((r) => !r.evidenced).map((r) => r.code),
    };
  }

  async snapshots(user: AuthUser, apprenticeshipId: string): Promise<SnapshotDto[]> {
    await this.apprenticeships.requireVisible(user, apprenticeshipId);
    return this.listSnapshots(apprenticeshipId);
  }

  private listSnapshots(apprenticeshipId: string): Promise<SnapshotDto[]> {
    return this.dataSource.query<SnapshotDto[]>(
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
    user: AuthUser,
    snapshotId: string,
  ): Promise<{ snapshot: PortfolioSnapshotEntity; content: PortfolioContent }> {
    const snapshot = await this.dataSource.manager.findOneBy(PortfolioSnapshotEntity, {
      id: snapshotId,
    });
    if (!snapshot) throw AppError.notFound('Snapshot');
    await this.apprenticeships.requireVisible(user, snapshot.apprenticeshipId).catch(() => {
      throw AppError.notFound('Snapshot');
    });
    return { snapshot, content: snapshot.content as PortfolioContent };
  }
}
