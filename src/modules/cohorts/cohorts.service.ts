import { Injectable } from '@nestjs/common';
import { Not, SelectQueryBuilder } from 'typeorm';
import { AuditWriter } from '../../common/audit/audit-writer.js';
import { AuthUser } from '../../common/auth/auth-user.js';
import { Page, toPage } from '../../common/dto/page.dto.js';
import { AppError } from '../../common/errors/app-error.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import { Database } from '../../common/database/database.js';
import { cohortScope } from '../access/access-scopes.js';
import { OrganisationsService } from '../organisations/organisations.service.js';
import { StandardsService } from '../standards/standards.service.js';
import { CohortEntity } from './cohort.entity.js';
import {
  CohortDto,
  CreateCohortDto,
  ListCohortsQueryDto,
  UpdateCohortDto,
} from './dto/cohort.dto.js';

interface CohortRow {
  id: string;
  name: string;
  provider_id: string;
  standard_code: string;
  standard_version: string;
  start_date: string | null;
  apprentice_count: number;
  created_at: Date;
}

const toDto = (r: CohortRow): CohortDto => ({
  id: r.id,
  name: r.name,
  providerId: r.provider_id,
  standardCode: r.standard_code,
  standardVersion: r.standard_version,
  startDate: r.start_date,
  apprenticeCount: r.apprentice_count,
  createdAt: r.created_at,
});

const auditShape = (c: CohortEntity) => ({
  name: c.name,
  providerId: c.providerId,
  standardId: c.standardId,
  startDate: c.startDate,
});

/** A provider's groups of apprentices on one standard version (who may: the access room). */
@Injectable()
export class CohortsService {
  constructor(
    private readonly db: Database,
    private readonly organisations: OrganisationsService,
    private readonly standards: StandardsService,
    private readonly audit: AuditWriter,
  ) {}

  private rows(): SelectQueryBuilder<CohortEntity> {
    return this.db.manager
      .createQueryBuilder(CohortEntity, 'c')
      .innerJoin('c.standard', 's')
      .select([
        'c.id AS id',
        'c.name AS name',
        'c.provider_id AS provider_id',
        's.code AS standard_code',
        's.version AS standard_version',
        `to_char(c.start_date, 'YYYY-MM-DD') AS start_date`,
        'c.created_at AS created_at',
        '(SELECT count(*)::int FROM apprenticeships a WHERE a.cohort_id = c.id) AS apprentice_count',
      ]);
  }

  async list(user: AuthUser, query: ListCohortsQueryDto): Promise<Page<CohortDto>> {
    const scope = cohortScope(user, 'c');
    const qb = this.rows().where(scope.sql, scope.params);
    const total = await qb.getCount();
    const rows = await qb
      .orderBy('c.name')
      .addOrderBy('c.id')
      .limit(query.limit)
      .offset(query.offset)
      .getRawMany<CohortRow>();
    return toPage(rows.map(toDto), total, query);
  }

  async get(id: string): Promise<CohortDto> {
    const row = await this.rows().where('c.id = :id', { id }).getRawOne<CohortRow>();
    if (!row) throw AppError.notFound('Cohort');
    return toDto(row);
  }

  private async load(id: string): Promise<CohortEntity> {
    const cohort = await this.db.manager.findOneBy(CohortEntity, { id });
    if (!cohort) throw AppError.notFound('Cohort');
    return cohort;
  }

  async create(user: AuthUser, dto: CreateCohortDto): Promise<CohortDto> {
    const providerId = await this.organisations.providerFor(user, dto.providerId);
    const standard = await this.standards
      .findVersion(dto.standardCode, dto.standardVersion)
      .catch(() => {
        throw AppError.field(
          'standardCode',
          `${dto.standardCode} ${dto.standardVersion ?? ''} is not in the catalogue`.trim(),
        );
      });
    const id = await this.db.transaction(async () => {
      await this.refuseTakenName(providerId, dto.name);
      const m = this.db.manager;
      const cohort = await m.save(
        m.create(CohortEntity, {
          name: dto.name,
          providerId,
          standardId: standard.id,
          startDate: dto.startDate ?? null,
        }),
      );
      await this.audit.recordChange(
        user.id,
        'cohort.created',
        { type: 'cohort', id: cohort.id },
        null,
        auditShape(cohort),
      );
      return cohort.id;
    });
    return this.get(id);
  }

  async update(user: AuthUser, id: string, dto: UpdateCohortDto): Promise<CohortDto> {
    await this.db.transaction(async () => {
      const cohort = await this.load(id);
      const before = auditShape(cohort);
      if (dto.name !== undefined && dto.name !== cohort.name) {
        await this.refuseTakenName(cohort.providerId, dto.name, cohort.id);
        cohort.name = dto.name;
      }
      if (dto.startDate !== undefined) cohort.startDate = dto.startDate;
      await this.db.manager.save(cohort);
      await this.audit.recordChange(
        user.id,
        'cohort.updated',
        { type: 'cohort', id: cohort.id },
        before,
        auditShape(cohort),
      );
    });
    return this.get(id);
  }

  async remove(user: AuthUser, id: string): Promise<void> {
    await this.db.transaction(async () => {
      const cohort = await this.load(id);
      await this.db.manager.delete(CohortEntity, cohort.id);
      await this.audit.recordChange(
        user.id,
        'cohort.deleted',
        { type: 'cohort', id: cohort.id },
        auditShape(cohort),
        null,
      );
    });
  }

  /**
   * A provider's cohorts have different names (the database's unique key says so too, for two
   * creations at once): refused by name, as a 409 that names the field.
   */
  private async refuseTakenName(providerId: string, name: string, exceptId?: string) {
    const taken = await this.db.manager.existsBy(CohortEntity, {
      providerId,
      name,
      ...(exceptId ? { id: Not(exceptId) } : {}),
    });
    if (taken) {
      throw new AppError(ErrorCode.Conflict, `The provider already has a cohort named ${name}`, [
        { field: 'name', message: 'is the name of another cohort at this provider' },
      ]);
    }
  }
}
