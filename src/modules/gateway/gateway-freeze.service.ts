import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuthUser } from '../../common/auth/auth-user.js';
import { AppError, FieldError } from '../../common/errors/app-error.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import { ApprenticeshipEntity } from '../apprenticeships/apprenticeship.entity.js';
import { ApprenticeshipsService } from '../apprenticeships/apprenticeships.service.js';
import { AuditWriter } from '../../common/audit/audit-writer.js';
import { Database } from '../../common/database/database.js';
import { PortfolioBuilder } from '../portfolio/portfolio-builder.js';
import { contentSha256, PortfolioContent } from '../portfolio/portfolio-content.js';
import { PortfolioService, StoredPdf } from '../portfolio/portfolio.service.js';
import { FileStorage } from '../storage/storage.js';
import { DeclarationEntity } from './declaration.entity.js';
import { GatewayService } from './gateway.service.js';
import { FreezeGatewayDto, SnapshotDto } from './dto/gateway.dto.js';
import { PortfolioSnapshotEntity } from './portfolio-snapshot.entity.js';
import { SnapshotEvidenceEntity } from './snapshot-evidence.entity.js';
import { DECLARATION_ROLES } from '../../common/vocabulary.js';
import { OtjProgressService } from '../otj/otj-progress.service.js';
import { hmm } from '../otj/otj-rules.js';
import { Clock } from '../../common/clock/clock.js';

/** Freezing the portfolio at gateway: the one change that can never be undone. */
@Injectable()
export class GatewayFreezeService {
  constructor(
    private readonly db: Database,
    private readonly apprenticeships: ApprenticeshipsService,
    private readonly gateway: GatewayService,
    private readonly portfolio: PortfolioService,
    private readonly builder: PortfolioBuilder,
    private readonly audit: AuditWriter,
    private readonly storage: FileStorage,
    private readonly otj: OtjProgressService,
    private readonly clock: Clock,
  ) {}

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
    return (await this.gateway.listSnapshots(apprenticeshipId)).find((s) => s.id === snapshotId)!;
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
      const missing = await this.checkReady(a, dto);
      const evidenceIds = dto.evidenceIds ?? (await this.acceptedEvidence(apprenticeshipId));
      // The content hash goes on the cover, so it is taken over the content without it.
      const snapshot = {
        id: snapshotId,
        sha256OfContent: '0'.repeat(64),
        frozenAt: this.clock.now().toISOString(),
        frozenBy: user.name,
        // Frozen by override: the cover and the provider's declaration say so, and why.
        ...(missing.length > 0 && dto.overrideReason
          ? { overrideReason: dto.overrideReason, missingCriteria: missing }
          : {}),
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

  /** Refuses a portfolio that is not ready; returns the criteria an override lets through. */
  private async checkReady(a: ApprenticeshipEntity, dto: FreezeGatewayDto): Promise<string[]> {
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
    const { missing } = await this.gateway.gaps(a, dto.evidenceIds ?? null);
    const otj = await this.otj.gatewayCheck(a.id);
    if ((missing.length > 0 || !otj.met) && !dto.overrideReason) {
      const gaps: FieldError[] = [];
      const messages: string[] = [];
      if (missing.length > 0) {
        messages.push(`Required criteria are not evidenced: ${missing.join(', ')}`);
        gaps.push({
          field: 'criteria',
          message: 'not evidenced by the included accepted evidence',
          missing,
        } as FieldError);
      }
      if (!otj.met) {
        const short = `${hmm(otj.approvedHours * 60)} of ${otj.targetHours} hours approved (the ${otj.basis})`;
        messages.push(`Off-the-job training is short: ${short}`);
        gaps.push({ field: 'otj', message: `is short: ${short}`, ...otj });
      }
      throw new AppError(ErrorCode.ValidationFailed, messages.join('; '), gaps);
    }
    return missing;
  }

  private async acceptedEvidence(apprenticeshipId: string): Promise<string[]> {
    const rows = await this.db.query<{ id: string }[]>(
      `SELECT id FROM evidence WHERE apprenticeship_id = $1 AND status = 'accepted' ORDER BY number`,
      [apprenticeshipId],
    );
    return rows.map((r) => r.id);
  }
}
