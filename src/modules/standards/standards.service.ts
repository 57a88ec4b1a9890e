import { Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { AuditWriter } from '../../common/audit/audit-writer.js';
import { AppError } from '../../common/errors/app-error.js';
import { Database } from '../../common/database/database.js';
import { StandardDocumentDto } from './dto/standard-document.dto.js';
import {
  CriterionCountsDto,
  ImportResultDto,
  StandardDto,
  StandardSummaryDto,
} from './dto/standard-response.dto.js';
import { AssessmentMethodEntity } from './entities/assessment-method.entity.js';
import { CriterionEntity } from './entities/criterion.entity.js';
import { DutyLinkEntity } from './entities/duty-link.entity.js';
import { StandardEntity } from './entities/standard.entity.js';
import { contentHashOf } from './standard-document.js';
import type { CriterionKind } from '../../common/vocabulary.js';

/** Numeric version order: 1.10 is newer than 1.9. */
const VERSION_ORDER = `string_to_array(version, '.')::int[]`;

@Injectable()
export class StandardsService {
  private readonly built = new Map<string, StandardDto>();

  constructor(
    private readonly db: Database,
    private readonly audit: AuditWriter,
  ) {}

  async list(): Promise<StandardSummaryDto[]> {
    return this.db.query<StandardSummaryDto[]>(`
      SELECT latest.code, latest.version, all_versions.versions, latest.title, latest.level, latest.status
      FROM (SELECT DISTINCT ON (code) code, version, title, level, status
            FROM standards ORDER BY code, ${VERSION_ORDER} DESC) latest
      JOIN (SELECT code, array_agg(version ORDER BY ${VERSION_ORDER} DESC) AS versions
            FROM standards GROUP BY code) all_versions USING (code)
      ORDER BY latest.code`);
  }

  /** The given version of a standard, or its latest; 404 when either is unknown. */
  async findVersion(code: string, version?: string): Promise<StandardEntity> {
    const query = this.db.manager
      .createQueryBuilder(StandardEntity, 's')
      .where('s.code = :code', { code });
    if (version) query.andWhere('s.version = :version', { version });
    const standard = await query.orderBy(`string_to_array(s.version, '.')::int[]`, 'DESC').getOne();
    if (!standard) {
      throw AppError.notFound(version ? `Standard ${code} version ${version}` : `Standard ${code}`);
    }
    return standard;
  }

  /**
   * The catalogue is read on every tagging screen and changes only by import: each response is
   * built once per content (the key is the version's content hash, the list of versions and the
   * kind filter, so it can never be stale, on any instance) and served with that key as its ETag.
   */
  async getWithTag(
    code: string,
    version?: string,
    kind?: CriterionKind,
  ): Promise<{ etag: string; body: () => Promise<StandardDto> }> {
    const [row] = await this.db.query<{ content_hash: string; versions: string }[]>(
      `SELECT s.content_hash, (SELECT string_agg(v.version, ',' ORDER BY v.version) FROM standards v
                               WHERE v.code = $1) AS versions
       FROM standards s WHERE s.code = $1 AND ($2::text IS NULL OR s.version = $2)
       ORDER BY ${VERSION_ORDER} DESC LIMIT 1`,
      [code, version ?? null],
    );
    if (!row) {
      throw AppError.notFound(version ? `Standard ${code} version ${version}` : `Standard ${code}`);
    }
    const etag = `"${createHash('sha256')
      .update(`${code}|${version ?? 'latest'}|${kind ?? 'all'}|${row.content_hash}|${row.versions}`)
      .digest('base64url')}"`;
    return {
      etag,
      body: async () => {
        const cached = this.built.get(etag);
        if (cached) return cached;
        const built = await this.get(code, version, kind);
        if (this.built.size >= 64) this.built.delete(this.built.keys().next().value!);
        this.built.set(etag, built);
        return built;
      },
    };
  }

  async get(code: string, version?: string, kind?: CriterionKind): Promise<StandardDto> {
    const standard = await this.findVersion(code, version);
    const [criteria, counts, versions, dutyLinks, methods] = await Promise.all([
      this.db.manager.getRepository(CriterionEntity).find({
        where: { standardId: standard.id, ...(kind ? { kind } : {}) },
        order: { position: 'ASC' },
      }),
      this.countsOf(standard.id),
      this.db.query<{ version: string }[]>(
        `SELECT version FROM standards WHERE code = $1 ORDER BY ${VERSION_ORDER} DESC`,
        [code],
      ),
      this.db.query<{ duty: string; ksbs: string[] }[]>(
        `SELECT d.code AS duty, array_agg(k.code ORDER BY k.position) AS ksbs
         FROM duty_links l JOIN criteria d ON d.id = l.duty_id JOIN criteria k ON k.id = l.ksb_id
         WHERE d.standard_id = $1 GROUP BY d.code, d.position ORDER BY d.position`,
        [standard.id],
      ),
      this.db.query<{ code: string; name: string; ksbs: string[] }[]>(
        `SELECT m.code, m.name,
                coalesce(array_agg(c.code ORDER BY c.position) FILTER (WHERE c.id IS NOT NULL), '{}') AS ksbs
         FROM assessment_methods m
         LEFT JOIN assessment_method_criteria mc ON mc.assessment_method_id = m.id
         LEFT JOIN criteria c ON c.id = mc.criterion_id
         WHERE m.standard_id = $1 GROUP BY m.id ORDER BY m.position`,
        [standard.id],
      ),
    ]);
    return {
      code: standard.code,
      version: standard.version,
      versions: versions.map((v) => v.version),
      title: standard.title,
      level: standard.level,
      status: standard.status,
      evidenceThreshold: standard.evidenceThreshold,
      summary: standard.summary,
      minimumOtjHours: standard.minimumOtjHours,
      counts,
      criteria: criteria.map(({ kind: k, code: c, text }) => ({ kind: k, code: c, text })),
      dutyLinks,
      assessmentMethods: methods,
    };
  }

  private async countsOf(standardId: string): Promise<CriterionCountsDto> {
    const rows = await this.db.query<{ kind: CriterionKind; n: number }[]>(
      `SELECT kind, count(*)::int AS n FROM criteria WHERE standard_id = $1 GROUP BY kind`,
      [standardId],
    );
    const counts = { knowledge: 0, skill: 0, behaviour: 0, duty: 0, total: 0 };
    for (const row of rows) {
      counts[row.kind] = row.n;
      counts.total += row.n;
    }
    return counts;
  }

  /**
   * Creates or replaces a standard version from a validated document. Re-importing identical
   * content is a no-op; changing a version that an apprenticeship uses is refused (409).
   */
  async import(doc: StandardDocumentDto, actorId: string | null = null): Promise<ImportResultDto> {
    const hash = contentHashOf(doc);
    return this.db.transaction(async () => {
      const m = this.db.manager;
      // Serialises concurrent imports of the same version (several instances starting at once).
      await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`standard:${doc.code}`]);
      const existing = await m.findOne(StandardEntity, {
        where: { code: doc.code, version: doc.version },
      });
      const result = { code: doc.code, version: doc.version };
      if (existing?.contentHash === hash) return { ...result, outcome: 'unchanged' as const };
      if (existing && (await this.isInUse(existing.id))) {
        throw AppError.conflict(
          `${doc.code} version ${doc.version} is used by apprenticeships and cannot change; import it as a new version`,
        );
      }
      const standard = m.create(StandardEntity, {
        id: existing?.id,
        code: doc.code,
        version: doc.version,
        title: doc.title,
        level: doc.level,
        status: doc.status,
        evidenceThreshold: doc.evidenceThreshold ?? 1,
        summary: doc.summary ?? null,
        minimumOtjHours: doc.minimumOtjHours ?? null,
        contentHash: hash,
      });
      await m.save(standard);
      if (existing) {
        await m.delete(AssessmentMethodEntity, { standardId: standard.id });
        await m.delete(CriterionEntity, { standardId: standard.id });
      }
      await this.insertContent(standard.id, doc);
      const outcome = existing ? ('updated' as const) : ('created' as const);
      await this.audit.record({
        apprenticeshipId: null,
        actorId,
        action: 'standard.imported',
        entityType: 'standard',
        entityId: standard.id,
        before: existing ? { contentHash: existing.contentHash } : null,
        after: { code: doc.code, version: doc.version, contentHash: hash, outcome },
      });
      return { ...result, outcome };
    });
  }

  /** True when an apprenticeship is on this version: from then on it is immutable. */
  private async isInUse(standardId: string): Promise<boolean> {
    const rows = await this.db.query<unknown[]>(
      'SELECT 1 FROM apprenticeships WHERE standard_id = $1 LIMIT 1',
      [standardId],
    );
    return rows.length > 0;
  }

  private async insertContent(standardId: string, doc: StandardDocumentDto) {
    const m = this.db.manager;
    const ids = new Map(doc.criteria.map((c) => [c.code, randomUUID()]));
    const idOf = (code: string) => ids.get(code)!;
    await m.insert(
      CriterionEntity,
      doc.criteria.map((c, position) => ({ id: idOf(c.code), standardId, ...c, position })),
    );
    const links = (doc.dutyLinks ?? []).flatMap((l) =>
      l.ksbs.map((ksb) => ({ dutyId: idOf(l.duty), ksbId: idOf(ksb) })),
    );
    if (links.length > 0) await m.insert(DutyLinkEntity, links);
    for (const [position, method] of (doc.assessmentMethods ?? []).entries()) {
      const id = randomUUID();
      await m.insert(AssessmentMethodEntity, {
        id,
        standardId,
        code: method.code,
        name: method.name,
        position,
      });
      if (method.ksbs.length > 0) {
        await m
          .createQueryBuilder()
          .relation(AssessmentMethodEntity, 'criteria')
          .of(id)
          .add(method.ksbs.map(idOf));
      }
    }
  }
}
