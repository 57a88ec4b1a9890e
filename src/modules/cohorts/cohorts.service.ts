import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, SelectQueryBuilder } from 'typeorm';
import { AuthUser } from '../../common/auth/auth-user.js';
import { Page } from '../../common/dto/page.dto.js';
import { AppError } from '../../common/errors/app-error.js';
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

/** Cohorts belong to a provider: only its users (and admins) see or change them. */
@Injectable()
export class CohortsService {
  constructor(
    @InjectRepository(CohortEntity) private readonly cohorts: Repository<CohortEntity>,
    private readonly organisations: OrganisationsService,
    private readonly standards: StandardsService,
  ) {}

  private visible(user: AuthUser): SelectQueryBuilder<CohortEntity> {
    const qb = this.cohorts
      .createQueryBuilder('c')
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
    if (user.role === 'admin') return qb;
    if (user.role === 'provider')
      return qb.where('c.provider_id = :tenant', { tenant: user.providerId });
    return qb.where('false');
  }

  async list(user: AuthUser, query: ListCohortsQueryDto): Promise<Page<CohortDto>> {
    const qb = this.visible(user);
    const total = await qb.getCount();
    const rows = await qb
      .orderBy('c.name')
      .addOrderBy('c.id')
      .limit(query.limit)
      .offset(query.offset)
      .getRawMany<CohortRow>();
    return { items: rows.map(toDto), total, limit: query.limit, offset: query.offset };
  }

  async get(user: AuthUser, id: string): Promise<CohortDto> {
    const row = await this.visible(user).andWhere('c.id = :id', { id }).getRawOne<CohortRow>();
    if (!row) throw AppError.notFound('Cohort');
    return toDto(row);
  }

  /** The cohort entity when the user may see it; 404 otherwise. */
  async requireVisible(user: AuthUser, id: string): Promise<CohortEntity> {
    const cohort = await this.cohorts.findOneBy({ id });
    const mine =
      user.role === 'admin' || (user.role === 'provider' && cohort?.providerId === user.providerId);
    if (!cohort || !mine) throw AppError.notFound('Cohort');
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
    const cohort = await this.cohorts.save(
      this.cohorts.create({
        name: dto.name,
        providerId,
        standardId: standard.id,
        startDate: dto.startDate ?? null,
      }),
    );
    return this.get(user, cohort.id);
  }

  async update(user: AuthUser, id: string, dto: UpdateCohortDto): Promise<CohortDto> {
    const cohort = await this.requireVisible(user, id);
    if (dto.name !== undefined) cohort.name = dto.name;
    if (dto.startDate !== undefined) cohort.startDate = dto.startDate;
    await this.cohorts.save(cohort);
    return this.get(user, id);
  }

  async remove(user: AuthUser, id: string): Promise<void> {
    const cohort = await this.requireVisible(user, id);
    await this.cohorts.delete(cohort.id);
  }
}
